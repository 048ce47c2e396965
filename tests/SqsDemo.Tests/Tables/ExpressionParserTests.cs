using System.Linq;
using Amazon.DynamoDBv2;
using SqsDemo.Engine.Tables.Expressions;
using Xunit;

namespace SqsDemo.Tests.Tables
{
    /// <summary>The expression grammar: every construct, DynamoDB's precedence, and its syntax-error wording.</summary>
    public sealed class ExpressionParserTests
    {
        private static string Condition(string text) => AstText.Of(ExpressionParser.ParseCondition(text));

        private static string Update(string text) => AstText.Of(ExpressionParser.ParseUpdate(text));

        [Theory]
        [InlineData("a = :v", "[a = :v]")]
        [InlineData("a <> :v", "[a <> :v]")]
        [InlineData("a < :v", "[a < :v]")]
        [InlineData("a <= :v", "[a <= :v]")]
        [InlineData("a > :v", "[a > :v]")]
        [InlineData("a >= :v", "[a >= :v]")]
        [InlineData(":v = a", "[:v = a]")]
        [InlineData("a BETWEEN :lo AND :hi", "[a BETWEEN :lo AND :hi]")]
        [InlineData("a IN (:x, :y, b)", "[a IN :x|:y|b]")]
        [InlineData("attribute_exists(a)", "attribute_exists(a)")]
        [InlineData("attribute_not_exists(#n)", "attribute_not_exists(#n)")]
        [InlineData("attribute_type(a, :t)", "attribute_type(a, :t)")]
        [InlineData("begins_with(a, :p)", "begins_with(a, :p)")]
        [InlineData("contains(a.b, :x)", "contains(a.b, :x)")]
        [InlineData("size(a.b[1]) > :n", "[size(a.b[1]) > :n]")]
        [InlineData("#a.b[2][0].#c = :v", "[#a.b[2][0].#c = :v]")]
        [InlineData("a = :x and b = :y", "([a = :x] AND [b = :y])")]
        public void Each_condition_construct_parses_to_its_tree(string text, string tree) => Assert.Equal(tree, Condition(text));

        [Theory]
        [InlineData("a = :x OR b = :y AND c = :z", "([a = :x] OR ([b = :y] AND [c = :z]))")]
        [InlineData("a = :x AND b = :y OR c = :z", "(([a = :x] AND [b = :y]) OR [c = :z])")]
        [InlineData("NOT a = :x AND b = :y", "((NOT [a = :x]) AND [b = :y])")]
        [InlineData("NOT a = :x OR NOT NOT b = :y", "((NOT [a = :x]) OR (NOT (NOT [b = :y])))")]
        [InlineData("(a = :x OR b = :y) AND c = :z", "(([a = :x] OR [b = :y]) AND [c = :z])")]
        [InlineData("NOT (a = :x OR b = :y)", "(NOT ([a = :x] OR [b = :y]))")]
        [InlineData("a BETWEEN :l AND :h AND b = :y", "([a BETWEEN :l AND :h] AND [b = :y])")]
        [InlineData("a = :x OR b = :y OR c = :z", "(([a = :x] OR [b = :y]) OR [c = :z])")]
        public void Not_binds_tighter_than_and_and_and_tighter_than_or(string text, string tree) => Assert.Equal(tree, Condition(text));

        [Theory]
        [InlineData("SET a = :v", "SET a = :v")]
        [InlineData("SET a = a + :one, b = :x - c", "SET a = (a + :one); SET b = (:x - c)")]
        [InlineData("SET n = if_not_exists(n, :zero) + :one", "SET n = (if_not_exists(n, :zero) + :one)")]
        [InlineData("SET l = list_append(l, :more)", "SET l = list_append(l, :more)")]
        [InlineData("SET l = list_append(if_not_exists(l, :empty), :more)", "SET l = list_append(if_not_exists(l, :empty), :more)")]
        [InlineData("SET #m.k[3] = :v", "SET #m.k[3] = :v")]
        [InlineData("REMOVE a, b.c[1]", "REMOVE a; REMOVE b.c[1]")]
        [InlineData("ADD n :one, s :more", "ADD n :one; ADD s :more")]
        [InlineData("DELETE s :gone", "DELETE s :gone")]
        [InlineData("remove c set a = :v add n :one delete s :x", "REMOVE c; SET a = :v; ADD n :one; DELETE s :x")]
        public void Each_update_clause_parses_in_any_order(string text, string actions) => Assert.Equal(actions, Update(text));

        [Fact]
        public void A_projection_lists_document_paths()
        {
            var paths = ExpressionParser.ParseProjection("a, b.c[0], #n");
            Assert.Equal(new[] { "a", "b.c[0]", "#n" }, paths.Select(AstText.Of));
        }

        [Theory]
        [InlineData("a = = :x", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :x\"")]
        [InlineData("a = :x AND", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":x AND\"")]
        [InlineData("a ! :x", "Invalid ConditionExpression: Syntax error; token: \"!\", near: \"a ! :x\"")]
        [InlineData("(a = :x", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= :x\"")]
        [InlineData("a", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"")]
        [InlineData("a = :x b = :y", "Invalid ConditionExpression: Syntax error; token: \"b\", near: \":x b =\"")]
        [InlineData("nope(a)", "Invalid ConditionExpression: Invalid function name; function: nope")]
        [InlineData("begins_with(a)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1")]
        [InlineData("attribute_exists(:v)", "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists")]
        [InlineData("", "Invalid ConditionExpression: The expression can not be empty;")]
        public void A_malformed_condition_is_a_ValidationException_in_DynamoDBs_words(string text, string message)
        {
            var error = Assert.ThrowsAny<AmazonDynamoDBException>(() => ExpressionParser.ParseCondition(text));
            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Equal(message, error.Message);
        }

        [Theory]
        [InlineData("SET a = ", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"a =\"")]
        [InlineData("SET a :v", "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"a :v\"")]
        [InlineData("SET a = :v, ", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \":v,\"")]
        [InlineData("PUT a = :v", "Invalid UpdateExpression: Syntax error; token: \"PUT\", near: \"PUT a\"")]
        [InlineData("SET a = :v SET b = :w", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;")]
        [InlineData("REMOVE a ADD b :v remove c", "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;")]
        [InlineData("SET a = b + c + d", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \"c + d\"")]
        public void A_malformed_update_is_a_ValidationException_in_DynamoDBs_words(string text, string message)
        {
            var error = Assert.ThrowsAny<AmazonDynamoDBException>(() => ExpressionParser.ParseUpdate(text));
            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Equal(message, error.Message);
        }

        [Fact]
        public void A_keyword_is_not_an_attribute_name()
        {
            var error = Assert.ThrowsAny<AmazonDynamoDBException>(() => ExpressionParser.ParseCondition("and = :x"));
            Assert.StartsWith("Invalid ConditionExpression: Syntax error; token: \"and\"", error.Message);
        }
    
        [Fact]
        public void Deep_nesting_within_the_length_limit_does_not_exhaust_the_stack()
        {
            Assert.Equal("[a = :v]", Condition(new string('(', 100) + "a = :v" + new string(')', 100)));
            var deep = new string('(', 2000) + "a = :v" + new string(')', 2000);
            var error = Record.Exception(() => ExpressionParser.ParseCondition(deep));
            Assert.Equal("Invalid ConditionExpression: The expression nests parentheses, functions or NOT more than 100 levels deep", error?.Message);
            var notNot = string.Concat(Enumerable.Repeat("NOT ", 1000)) + "a = :v";
            error = Record.Exception(() => ExpressionParser.ParseCondition(notNot));
            Assert.True(error == null || error is AmazonDynamoDBException { ErrorCode: "ValidationException" }, error?.ToString());
        }
    }
}
