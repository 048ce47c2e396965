namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>The tokens of DynamoDB's expression language (keywords and function names are identifiers).</summary>
    internal enum ExpressionToken
    {
        Identifier,
        NameRef,
        ValueRef,
        Integer,
        LParen,
        RParen,
        LBracket,
        RBracket,
        Comma,
        Dot,
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Plus,
        Minus,
    }
}
