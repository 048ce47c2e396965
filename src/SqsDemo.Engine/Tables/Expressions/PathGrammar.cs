using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>Document paths (name or #name, then .name, .#name or [n]) and the keywords they may not be.</summary>
    internal static class PathGrammar
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>(
            new[] { "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE" }, StringComparer.OrdinalIgnoreCase);

        public static TokenListParser<ExpressionToken, Token<ExpressionToken>> Keyword(string keyword) =>
            Token.EqualToValueIgnoreCase(ExpressionToken.Identifier, keyword);

        private static readonly TokenListParser<ExpressionToken, PathElement> Name =
            Token.EqualTo(ExpressionToken.Identifier)
                .Where(t => !Keywords.Contains(t.ToStringValue()), "attribute name")
                .Select(t => (PathElement)new NameElement(t.ToStringValue(), false))
            .Or(Token.EqualTo(ExpressionToken.NameRef).Select(t => (PathElement)new NameElement(t.ToStringValue(), true)));

        private static readonly TokenListParser<ExpressionToken, PathElement> Index =
            from open in Token.EqualTo(ExpressionToken.LBracket)
            from index in Token.EqualTo(ExpressionToken.Integer)
                .Where(t => int.TryParse(t.ToStringValue(), NumberStyles.None, CultureInfo.InvariantCulture, out _), "list index")
            from close in Token.EqualTo(ExpressionToken.RBracket)
            select (PathElement)new IndexElement(int.Parse(index.ToStringValue(), CultureInfo.InvariantCulture));

        private static readonly TokenListParser<ExpressionToken, PathElement> Member =
            Token.EqualTo(ExpressionToken.Dot).IgnoreThen(Name).Or(Index);

        public static readonly TokenListParser<ExpressionToken, DocumentPath> Path =
            from first in Name
            from rest in Member.Many()
            select new DocumentPath(new[] { first }.Concat(rest).ToArray());

        /// <summary>A ProjectionExpression: paths separated by commas.</summary>
        public static readonly TokenListParser<ExpressionToken, DocumentPath[]> Projection =
            Path.AtLeastOnceDelimitedBy(Token.EqualTo(ExpressionToken.Comma)).AtEnd();
    }
}
