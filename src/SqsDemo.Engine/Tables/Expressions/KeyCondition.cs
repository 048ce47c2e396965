using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// A KeyConditionExpression reduced to what Query needs: the partition key's value and, optionally,
    /// one condition on the sort key. Parsed with the condition grammar, then held to the subset
    /// DynamoDB allows (= on the hash key; = &lt; &lt;= &gt; &gt;= BETWEEN begins_with on the range key).
    /// </summary>
    internal sealed class KeyCondition
    {
        private static readonly HashSet<string> RangeComparators = new HashSet<string> { "=", "<", "<=", ">", ">=" };

        public AttributeValue HashValue { get; }
        public Condition? RangeCondition { get; }

        private KeyCondition(AttributeValue hashValue, Condition? rangeCondition)
        {
            HashValue = hashValue;
            RangeCondition = rangeCondition;
        }

        public static KeyCondition From(Condition bound, TableSchema schema, ExpressionContext context)
        {
            var parts = bound is And and ? new[] { and.Left, and.Right } : new[] { bound };
            var byKey = new Dictionary<string, Condition>(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                var name = KeyNameOf(part);
                if (name != schema.HashKey && name != schema.RangeKey)
                    throw TableErrors.Validation("Query condition missed key schema element: " + schema.HashKey);
                if (byKey.ContainsKey(name))
                    throw TableErrors.InvalidExpression(ExpressionParser.KeyConditionKind, "KeyConditionExpressions must only contain one condition per key");
                byKey[name] = part;
            }
            if (!byKey.TryGetValue(schema.HashKey, out var hash))
                throw TableErrors.Validation("Query condition missed key schema element: " + schema.HashKey);
            if (!(hash is Comparison eq && eq.Comparator == "="))
                throw TableErrors.Validation("Query key condition not supported");
            var value = Operands.Evaluate(eq.Right, new Dictionary<string, AttributeValue>(), context)!;
            CheckType(value, schema.HashType);
            byKey.TryGetValue(schema.RangeKey ?? "", out var range);
            if (range != null) CheckRange(range, schema, context);
            return new KeyCondition(value, range);
        }

        // The key attribute a part names: the left of a comparison or BETWEEN, the first argument of begins_with.
        private static string KeyNameOf(Condition part)
        {
            Operand subject;
            switch (part)
            {
                case Comparison c when c.Comparator != "<>": subject = c.Left; break;
                case Between b: subject = b.Value; break;
                case FunctionCondition f when f.Function == "begins_with": subject = f.Arguments[0]; break;
                case Comparison _: throw TableErrors.InvalidExpression(ExpressionParser.KeyConditionKind, "Unsupported operator on KeyConditionExpression: operator: <>");
                default: throw TableErrors.InvalidExpression(ExpressionParser.KeyConditionKind, "Invalid operator used in KeyConditionExpression: " + OperatorName(part));
            }
            if (!(subject is PathOperand p) || p.Path.Elements.Count != 1)
                throw TableErrors.Validation("Query key condition not supported");
            return DocumentPaths.TopName(p.Path);
        }

        private static string OperatorName(Condition part) => part switch
        {
            Or _ => "OR",
            Not _ => "NOT",
            And _ => "AND",
            In _ => "IN",
            FunctionCondition f => f.Function,
            _ => part.GetType().Name,
        };

        private static void CheckRange(Condition range, TableSchema schema, ExpressionContext context)
        {
            if (range is Comparison c && !RangeComparators.Contains(c.Comparator))
                throw TableErrors.Validation("Query key condition not supported");
            var empty = new Dictionary<string, AttributeValue>();
            var values = range switch
            {
                Comparison comparison => new[] { comparison.Right },
                Between between => new[] { between.Low, between.High },
                _ => new[] { ((FunctionCondition)range).Arguments[1] },
            };
            foreach (var operand in values)
            {
                if (!(operand is ValueOperand)) throw TableErrors.Validation("Query key condition not supported");
                CheckType(Operands.Evaluate(operand, empty, context)!, schema.RangeType!);
            }
        }

        private static void CheckType(AttributeValue value, string type)
        {
            if (AttributeValues.TypeOf(value) != type)
                throw TableErrors.Validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
    }
}
