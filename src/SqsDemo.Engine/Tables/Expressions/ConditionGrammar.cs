using System;
using System.Linq;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// The grammar of ConditionExpression, FilterExpression and KeyConditionExpression, with
    /// DynamoDB's precedence: comparisons, IN, BETWEEN and functions bind tightest, then NOT, then AND,
    /// then OR; parentheses group.
    /// </summary>
    internal static class ConditionGrammar
    {
        private static readonly TokenListParser<ExpressionToken, Operand> Size =
            from name in PathGrammar.Keyword("size")
            from open in Token.EqualTo(ExpressionToken.LParen)
            from path in PathGrammar.Path
            from close in Token.EqualTo(ExpressionToken.RParen)
            select (Operand)new SizeOperand(path);

        private static readonly TokenListParser<ExpressionToken, Operand> Value =
            Token.EqualTo(ExpressionToken.ValueRef).Select(t => (Operand)new ValueOperand(t.ToStringValue()));

        public static readonly TokenListParser<ExpressionToken, Operand> Operand =
            Size.Try().Or(Value).Or(PathGrammar.Path.Select(p => (Operand)new PathOperand(p)));

        private static readonly TokenListParser<ExpressionToken, string> Comparator =
            Token.EqualTo(ExpressionToken.Equal).Value("=")
                .Or(Token.EqualTo(ExpressionToken.NotEqual).Value("<>"))
                .Or(Token.EqualTo(ExpressionToken.LessOrEqual).Value("<="))
                .Or(Token.EqualTo(ExpressionToken.Less).Value("<"))
                .Or(Token.EqualTo(ExpressionToken.GreaterOrEqual).Value(">="))
                .Or(Token.EqualTo(ExpressionToken.Greater).Value(">"));

        private static TokenListParser<ExpressionToken, Condition> ComparisonTail(Operand left) =>
            Comparator.Then(op => Operand.Select(right => (Condition)new Comparison(op, left, right)))
            .Or(from between in PathGrammar.Keyword("BETWEEN")
                from low in Operand
                from and in PathGrammar.Keyword("AND")
                from high in Operand
                select (Condition)new Between(left, low, high))
            .Or(from @in in PathGrammar.Keyword("IN")
                from open in Token.EqualTo(ExpressionToken.LParen)
                from candidates in Operand.AtLeastOnceDelimitedBy(Token.EqualTo(ExpressionToken.Comma))
                from close in Token.EqualTo(ExpressionToken.RParen)
                select (Condition)new In(left, candidates));

        private static readonly TokenListParser<ExpressionToken, Condition> Comparison =
            Operand.Then(ComparisonTail);

        // name( ... ) where name is not size: size(...) is an operand and belongs to a comparison.
        private static readonly TokenListParser<ExpressionToken, Condition> Function =
            from name in Token.EqualTo(ExpressionToken.Identifier)
                .Where(t => !string.Equals(t.ToStringValue(), "size", StringComparison.OrdinalIgnoreCase), "function")
            from open in Token.EqualTo(ExpressionToken.LParen)
            from arguments in Operand.ManyDelimitedBy(Token.EqualTo(ExpressionToken.Comma))
            from close in Token.EqualTo(ExpressionToken.RParen)
            select (Condition)new FunctionCondition(name.ToStringValue(), arguments);

        private static readonly TokenListParser<ExpressionToken, Condition> Parenthesized =
            from open in Token.EqualTo(ExpressionToken.LParen)
            from inner in Parse.Ref(() => Condition!)
            from close in Token.EqualTo(ExpressionToken.RParen)
            select inner;

        private static readonly TokenListParser<ExpressionToken, Condition> Primary =
            Parenthesized.Or(Function.Try()).Or(Comparison);

        private static readonly TokenListParser<ExpressionToken, Condition> Unary =
            PathGrammar.Keyword("NOT").IgnoreThen(Parse.Ref(() => Unary!)).Select(c => (Condition)new Not(c))
                .Or(Primary);

        private static readonly TokenListParser<ExpressionToken, Condition> Conjunction =
            Parse.Chain(PathGrammar.Keyword("AND"), Unary, (op, left, right) => new And(left, right));

        public static readonly TokenListParser<ExpressionToken, Condition> Condition =
            Parse.Chain(PathGrammar.Keyword("OR"), Conjunction, (op, left, right) => new Or(left, right));

        public static readonly TokenListParser<ExpressionToken, Condition> Complete = Condition.AtEnd();
    }
}
