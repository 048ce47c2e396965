using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables.Expressions;
using Xunit;
using static SqsDemo.Tests.Tables.Items;

namespace SqsDemo.Tests.Tables
{
    /// <summary>
    /// A bounded random-input test of the expression parser and evaluator: a few thousand inputs from
    /// a fixed seed (the expression language's tokens, valid expressions cut and spliced, stray
    /// characters) each parse or fail with a ValidationException, never another exception, and the
    /// whole run ends within a time bound (no hang).
    /// </summary>
    public sealed class ExpressionFuzzTests
    {
        private const int Inputs = 10000;
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

        private static readonly string[] Fragments =
        {
            "a", "b", "n", "#n", "#m", ":v", ":w", ":l", "(", ")", "[", "]", "0", "3", "99999999999", ",", ".", "=", "<>", "<", "<=", ">", ">=",
            "+", "-", "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "attribute_exists", "attribute_not_exists",
            "attribute_type", "begins_with", "contains", "if_not_exists", "list_append", "!", "@", "\"", "'", " ", "\t", "é", "#", ":", "_x", "zz", "s", "l",
        };

        // Names of the sample item's attributes (and one it lacks), placeholders of each type.
        private static readonly string[] Operands = { "a", "b", "n", "l", "s", "zz", "#n", "#m", ":v", ":w", ":l", "#m.x", "#m.y", "l[0]", "l[9]", "size(a)", "size(zz)" };

        private static readonly string[] Seeds =
        {
            "a = :v AND (b < :w OR NOT contains(#n, :v))", "size(a.b[3]) BETWEEN :v AND :w", "a IN (:v, :w, b)", "attribute_type(#n, :w)",
            "SET a = if_not_exists(a, :v) + :w, l = list_append(l, :l) REMOVE b[0] ADD n :v DELETE s :w", "a, b.c[1], #n.#m",
            "n = :v AND begins_with(b, :w)", "begins_with(a, :v) OR attribute_not_exists(#m.x)",
        };

        [Fact]
        public async Task Random_expressions_parse_or_fail_with_a_ValidationException_and_never_hang()
        {
            var run = Task.Run(() =>
            {
                var random = new Random(18);
                var outcomes = new Dictionary<string, int>();
                for (var i = 0; i < Inputs; i++)
                {
                    var text = Input(random);
                    string outcome;
                    try
                    {
                        outcome = TryAll(text);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException("input " + i + " <" + text + "> failed with " + e.GetType().Name + ": " + e.Message, e);
                    }
                    outcomes[outcome] = outcomes.TryGetValue(outcome, out var n) ? n + 1 : 1;
                }
                return outcomes;
            });
            Assert.True(await Task.WhenAny(run, Task.Delay(Bound)) == run, "the parser did not finish " + Inputs + " inputs within " + Bound.TotalSeconds + " s");
            var seen = await run;
            // The inputs reach both sides: some parse, some fail; none escapes as another exception (TryAll rethrows those).
            Assert.True(seen.GetValueOrDefault("parsed") > 0 && seen.GetValueOrDefault("ValidationException") > 0, string.Join(", ", seen));
        }

        private static string Input(Random random)
        {
            string Pick(string[] pool) => pool[random.Next(pool.Length)];
            switch (random.Next(5))
            {
                case 4:
                    // Well-formed, so evaluation runs: operands of every type, present and missing, in each position.
                    return random.Next(2) == 0
                        ? "SET " + Pick(Operands) + " = " + Pick(Operands) + (random.Next(2) == 0 ? "" : Pick(new[] { " + ", " - " }) + Pick(Operands))
                        : Pick(Operands) + Pick(new[] { " = ", " < ", " <> ", " >= " }) + Pick(Operands) + Pick(new[] { "", " AND contains(" + Pick(Operands) + ", " + Pick(Operands) + ")" });
                case 3:
                    // A seed with one of its words replaced: mostly well-formed, with surprising names and types.
                    var words = Seeds[random.Next(Seeds.Length)].Split(' ');
                    words[random.Next(words.Length)] = random.Next(2) == 0 ? Fragments[random.Next(Fragments.Length)] : Operands[random.Next(Operands.Length)];
                    return string.Join(" ", words);
                case 0:
                    return string.Join(random.Next(2) == 0 ? " " : "", Enumerable.Range(0, random.Next(1, 14)).Select(_ => Fragments[random.Next(Fragments.Length)]));
                case 1:
                    var seed = Seeds[random.Next(Seeds.Length)];
                    var cut = random.Next(seed.Length);
                    return seed.Substring(0, cut) + Fragments[random.Next(Fragments.Length)] + seed.Substring(Math.Min(seed.Length, cut + random.Next(4)));
                default:
                    var chars = new StringBuilder();
                    for (var i = random.Next(1, 30); i > 0; i--) chars.Append((char)random.Next(32, 127));
                    return chars.ToString();
            }
        }

        // Every kind of expression over the input, and the conditions evaluated against an item.
        private static string TryAll(string text)
        {
            var parsed = 0;
            foreach (var attempt in new Action[] { () => Evaluate(text), () => Update(text), () => ExpressionParser.ParseProjection(text) })
            {
                try
                {
                    attempt();
                    parsed++;
                }
                catch (AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException")
                {
                }
            }
            return parsed > 0 ? "parsed" : "ValidationException";
        }

        private static ExpressionContext Context() => new ExpressionContext(
            Names(("#n", "a"), ("#m", "m")),
            Values((":v", N(1)), (":w", S("x")), (":l", L(N(2)))));

        private static readonly Dictionary<string, AttributeValue> Sample = Item(
            ("a", S("abc")), ("b", N(3)), ("n", N(5)), ("l", L(N(1))), ("s", SS("x", "y")), ("m", M(("x", L(S("q"))))));

        private static void Evaluate(string text)
        {
            var context = Context();
            var condition = ExpressionBinder.Bind(ExpressionParser.ParseCondition(text), context);
            ConditionEvaluator.Holds(condition, Sample, context);
        }

        private static void Update(string text)
        {
            var context = Context();
            var update = ExpressionBinder.Bind(ExpressionParser.ParseUpdate(text), context);
            UpdateApplier.CheckActions(update, new[] { "id" });
            UpdateApplier.Apply(update, Sample, context);
        }
    }
}
