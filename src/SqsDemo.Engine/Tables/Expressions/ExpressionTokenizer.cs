using Superpower;
using Superpower.Parsers;
using Superpower.Tokenizers;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>Splits an expression into tokens: names, #name and :value placeholders, list indexes, operators.</summary>
    internal static class ExpressionTokenizer
    {
        public static readonly Tokenizer<ExpressionToken> Instance = new TokenizerBuilder<ExpressionToken>()
            .Ignore(Span.WhiteSpace)
            .Match(Character.EqualTo('('), ExpressionToken.LParen)
            .Match(Character.EqualTo(')'), ExpressionToken.RParen)
            .Match(Character.EqualTo('['), ExpressionToken.LBracket)
            .Match(Character.EqualTo(']'), ExpressionToken.RBracket)
            .Match(Character.EqualTo(','), ExpressionToken.Comma)
            .Match(Character.EqualTo('.'), ExpressionToken.Dot)
            .Match(Character.EqualTo('+'), ExpressionToken.Plus)
            .Match(Character.EqualTo('-'), ExpressionToken.Minus)
            .Match(Character.EqualTo('='), ExpressionToken.Equal)
            .Match(Span.EqualTo("<>"), ExpressionToken.NotEqual)
            .Match(Span.EqualTo("<="), ExpressionToken.LessOrEqual)
            .Match(Span.EqualTo(">="), ExpressionToken.GreaterOrEqual)
            .Match(Character.EqualTo('<'), ExpressionToken.Less)
            .Match(Character.EqualTo('>'), ExpressionToken.Greater)
            .Match(Span.Regex("#[A-Za-z0-9_]+"), ExpressionToken.NameRef, requireDelimiters: true)
            .Match(Span.Regex(":[A-Za-z0-9_]+"), ExpressionToken.ValueRef, requireDelimiters: true)
            .Match(Span.Regex("[0-9]+"), ExpressionToken.Integer, requireDelimiters: true)
            .Match(Span.Regex("[A-Za-z_][A-Za-z0-9_]*"), ExpressionToken.Identifier, requireDelimiters: true)
            .Build();
    }
}
