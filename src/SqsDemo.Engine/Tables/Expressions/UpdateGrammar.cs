using System.Linq;
using Superpower;
using Superpower.Parsers;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// The grammar of UpdateExpression: SET (a value, or two joined by + or -, with if_not_exists and
    /// list_append), REMOVE, ADD and DELETE clauses in any order. That each clause appears once is
    /// checked after parsing, with DynamoDB's message.
    /// </summary>
    internal static class UpdateGrammar
    {
        private static readonly TokenListParser<ExpressionToken, Operand> PathOperand =
            PathGrammar.Path.Select(p => (Operand)new PathOperand(p));

        private static readonly TokenListParser<ExpressionToken, ValueOperand> Value =
            Token.EqualTo(ExpressionToken.ValueRef).Select(t => new ValueOperand(t.ToStringValue()));

        private static readonly TokenListParser<ExpressionToken, Operand> IfNotExists =
            from name in PathGrammar.Keyword("if_not_exists")
            from open in Token.EqualTo(ExpressionToken.LParen)
            from path in PathGrammar.Path
            from comma in Token.EqualTo(ExpressionToken.Comma)
            from fallback in Parse.Ref(() => Operand!)
            from close in Token.EqualTo(ExpressionToken.RParen)
            select (Operand)new IfNotExistsOperand(path, fallback);

        private static readonly TokenListParser<ExpressionToken, Operand> ListAppend =
            from name in PathGrammar.Keyword("list_append")
            from open in Token.EqualTo(ExpressionToken.LParen)
            from first in Parse.Ref(() => Operand!)
            from comma in Token.EqualTo(ExpressionToken.Comma)
            from second in Parse.Ref(() => Operand!)
            from close in Token.EqualTo(ExpressionToken.RParen)
            select (Operand)new ListAppendOperand(first, second);

        private static readonly TokenListParser<ExpressionToken, Operand> Operand =
            IfNotExists.Try().Or(ListAppend.Try()).Or(Value.Select(v => (Operand)v)).Or(PathOperand);

        private static readonly TokenListParser<ExpressionToken, Operand> SetValue =
            from left in Operand
            from rest in Token.EqualTo(ExpressionToken.Plus).Value('+')
                .Or(Token.EqualTo(ExpressionToken.Minus).Value('-'))
                .Then(op => Operand.Select(right => (op, right)))
                .OptionalOrDefault()
            select rest.right == null ? left : new ArithmeticOperand(left, rest.op, rest.right);

        private static readonly TokenListParser<ExpressionToken, UpdateAction> Set =
            from path in PathGrammar.Path
            from equal in Token.EqualTo(ExpressionToken.Equal)
            from value in SetValue
            select (UpdateAction)new SetAction(path, value);

        private static readonly TokenListParser<ExpressionToken, UpdateAction> Remove =
            PathGrammar.Path.Select(p => (UpdateAction)new RemoveAction(p));

        private static readonly TokenListParser<ExpressionToken, UpdateAction> Add =
            from path in PathGrammar.Path
            from value in Value
            select (UpdateAction)new AddAction(path, value);

        private static readonly TokenListParser<ExpressionToken, UpdateAction> Delete =
            from path in PathGrammar.Path
            from value in Value
            select (UpdateAction)new DeleteAction(path, value);

        private static TokenListParser<ExpressionToken, (string Clause, UpdateAction[] Actions)> Clause(string keyword, TokenListParser<ExpressionToken, UpdateAction> action) =>
            PathGrammar.Keyword(keyword).IgnoreThen(action.AtLeastOnceDelimitedBy(Token.EqualTo(ExpressionToken.Comma)))
                .Select(actions => (keyword, actions));

        public static readonly TokenListParser<ExpressionToken, (string Clause, UpdateAction[] Actions)[]> Complete =
            Clause("SET", Set).Or(Clause("REMOVE", Remove)).Or(Clause("ADD", Add)).Or(Clause("DELETE", Delete))
                .AtLeastOnce().AtEnd();
    }
}
