using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2;
using Superpower;
using Superpower.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// Parses the five kinds of expression text into the AST, turning every failure into DynamoDB's
    /// ValidationException: "Invalid &lt;kind&gt;: Syntax error; token: "x", near: "a x b"", and
    /// refusing an attribute named directly by a reserved word ("... reserved keyword: status").
    /// </summary>
    internal static class ExpressionParser
    {
        public const string ConditionKind = "ConditionExpression";
        public const string FilterKind = "FilterExpression";
        public const string KeyConditionKind = "KeyConditionExpression";
        public const string UpdateKind = "UpdateExpression";
        public const string ProjectionKind = "ProjectionExpression";

        /// <summary>Expressions longer than DynamoDB's 4 KB limit are refused before any parsing.</summary>
        public const int MaxExpressionLength = 4096;

        /// <summary>SqsDemo's bound on nesting (DynamoDB documents none); far above what a real expression uses.</summary>
        public const int MaxNesting = 100;

        public static Condition ParseCondition(string text, string kind = ConditionKind)
        {
            var condition = Run(text, kind, ConditionGrammar.Complete);
            ReservedWords.Check(kind, WrittenPaths.Of(condition));
            FunctionRules.Check(condition, kind);
            return condition;
        }

        public static UpdateExpression ParseUpdate(string text)
        {
            var clauses = Run(text, UpdateKind, UpdateGrammar.Complete);
            var update = new UpdateExpression(clauses.SelectMany(c => c.Actions).ToArray());
            ReservedWords.Check(UpdateKind, WrittenPaths.Of(update));
            var repeated = clauses.GroupBy(c => c.Clause.ToUpperInvariant()).FirstOrDefault(g => g.Count() > 1);
            if (repeated != null)
                throw TableErrors.InvalidExpression(UpdateKind, "The \"" + repeated.Key + "\" section can only be used once in an update expression;");
            return update;
        }

        public static IReadOnlyList<DocumentPath> ParseProjection(string text)
        {
            var paths = Run(text, ProjectionKind, PathGrammar.Projection);
            ReservedWords.Check(ProjectionKind, paths);
            return paths;
        }

        private static T Run<T>(string text, string kind, TokenListParser<ExpressionToken, T> grammar)
        {
            if (string.IsNullOrWhiteSpace(text))
                throw TableErrors.InvalidExpression(kind, "The expression can not be empty;");
            if (text.Length > MaxExpressionLength)
                throw TableErrors.Validation("Invalid " + kind + ": Expression size has exceeded the maximum allowed size; expression size: " + text.Length);
            var tokens = ExpressionTokenizer.Instance.TryTokenize(text);
            if (!tokens.HasValue)
            {
                var at = Math.Min(Math.Max(tokens.ErrorPosition.Absolute, 0), text.Length - 1);
                throw SyntaxError(kind, text[at].ToString(), Near(text, at, at + 1));
            }
            CheckNesting(kind, tokens.Value);
            var result = grammar.TryParse(tokens.Value);
            if (result.HasValue) return result.Value;
            throw SyntaxError(kind, tokens.Value, result.Location);
        }

        /// <summary>
        /// The combinators recurse once per parenthesis or NOT, so a deeply nested input would exhaust the
        /// stack (a crash, not an error): refuse more nesting than any real expression has, before parsing.
        /// </summary>
        private static void CheckNesting(string kind, TokenList<ExpressionToken> tokens)
        {
            int depth = 0, deepest = 0, nots = 0;
            foreach (var token in tokens)
            {
                if (token.Kind == ExpressionToken.LParen) deepest = Math.Max(deepest, ++depth);
                else if (token.Kind == ExpressionToken.RParen) depth--;
                else if (token.Kind == ExpressionToken.Identifier && string.Equals(token.ToStringValue(), "NOT", StringComparison.OrdinalIgnoreCase)) nots++;
            }
            if (deepest > MaxNesting || nots > MaxNesting)
                throw TableErrors.InvalidExpression(kind, "The expression nests parentheses, functions or NOT more than " + MaxNesting + " levels deep");
        }

        private static AmazonDynamoDBException SyntaxError(string kind, TokenList<ExpressionToken> all, TokenList<ExpressionToken> rest)
        {
            var tokens = all.ToArray();
            if (rest.IsAtEnd)
            {
                var from = tokens.Length > 1 ? tokens[tokens.Length - 2] : tokens.LastOrDefault();
                var near = tokens.Length == 0 ? "" : Text(all, from.Span.Position.Absolute, tokens[tokens.Length - 1].Span.Position.Absolute + tokens[tokens.Length - 1].Span.Length);
                return SyntaxError(kind, "<EOF>", near);
            }
            var bad = rest.First();
            var index = Array.FindIndex(tokens, t => t.Position.Absolute == bad.Position.Absolute);
            var start = tokens[Math.Max(index - 1, 0)].Span.Position.Absolute;
            var last = tokens[Math.Min(index + 1, tokens.Length - 1)];
            return SyntaxError(kind, bad.ToStringValue(), Text(all, start, last.Span.Position.Absolute + last.Span.Length));
        }

        private static string Text(TokenList<ExpressionToken> all, int start, int end) =>
            all.First().Span.Source!.Substring(start, end - start);

        private static string Near(string text, int start, int end)
        {
            var from = Math.Max(0, start - 8);
            return text.Substring(from, Math.Min(text.Length, end + 8) - from);
        }

        private static AmazonDynamoDBException SyntaxError(string kind, string token, string near) =>
            TableErrors.InvalidExpression(kind, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }
}
