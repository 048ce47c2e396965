using System;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// Decides a bound condition against an item (an absent item is an empty one). A missing
    /// attribute makes comparisons false except &lt;&gt;, and values of different types never order.
    /// </summary>
    internal static class ConditionEvaluator
    {
        private static readonly string[] TypeNames = { "B", "BOOL", "BS", "L", "M", "N", "NS", "NULL", "S", "SS" };

        public static bool Holds(Condition condition, System.Collections.Generic.IDictionary<string, AttributeValue> item, ExpressionContext context)
        {
            switch (condition)
            {
                case And a: return Holds(a.Left, item, context) && Holds(a.Right, item, context);
                case Or o: return Holds(o.Left, item, context) || Holds(o.Right, item, context);
                case Not n: return !Holds(n.Operand, item, context);
                case Comparison c: return Compare(c.Comparator, Operands.Evaluate(c.Left, item, context), Operands.Evaluate(c.Right, item, context));
                case Between b: return Between(b, item, context);
                case In i:
                    var value = Operands.Evaluate(i.Value, item, context);
                    return value != null && i.Candidates.Any(o => Compare("=", value, Operands.Evaluate(o, item, context)));
                default: return Function((FunctionCondition)condition, item, context);
            }
        }

        private static bool Between(Between b, System.Collections.Generic.IDictionary<string, AttributeValue> item, ExpressionContext context)
        {
            var value = Operands.Evaluate(b.Value, item, context);
            var low = Operands.Evaluate(b.Low, item, context);
            var high = Operands.Evaluate(b.High, item, context);
            if (low != null && high != null && AttributeValues.Compare(low, high) > 0)
                throw TableErrors.InvalidExpression(ExpressionParser.ConditionKind, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound");
            return Compare(">=", value, low) && Compare("<=", value, high);
        }

        public static bool Compare(string comparator, AttributeValue? left, AttributeValue? right)
        {
            if (left == null || right == null) return comparator == "<>";
            if (comparator == "=") return AttributeValues.AreEqual(left, right);
            if (comparator == "<>") return !AttributeValues.AreEqual(left, right);
            var order = AttributeValues.Compare(left, right);
            if (order == null) return false;
            switch (comparator)
            {
                case "<": return order < 0;
                case "<=": return order <= 0;
                case ">": return order > 0;
                default: return order >= 0;
            }
        }

        private static bool Function(FunctionCondition f, System.Collections.Generic.IDictionary<string, AttributeValue> item, ExpressionContext context)
        {
            var subject = Operands.Evaluate(f.Arguments[0], item, context);
            switch (f.Function)
            {
                case "attribute_exists": return subject != null;
                case "attribute_not_exists": return subject == null;
                case "attribute_type": return subject != null && AttributeValues.TypeOf(subject) == TypeName(Operands.Evaluate(f.Arguments[1], item, context));
                case "begins_with": return BeginsWith(subject, Operands.Evaluate(f.Arguments[1], item, context));
                default: return Contains(subject, Operands.Evaluate(f.Arguments[1], item, context));
            }
        }

        private static string TypeName(AttributeValue? type)
        {
            if (type?.S == null || !TypeNames.Contains(type.S))
                throw TableErrors.InvalidExpression(ExpressionParser.ConditionKind, "Invalid attribute type name found; type: " + (type?.S ?? "") + ", valid types: { " + string.Join(",", TypeNames) + " }");
            return type.S;
        }

        private static bool BeginsWith(AttributeValue? subject, AttributeValue? prefix)
        {
            if (prefix != null && prefix.S == null && prefix.B == null)
                throw TableErrors.InvalidExpression(ExpressionParser.ConditionKind, "Incorrect operand type for operator or function; operator or function: begins_with, operand type: " + AttributeValues.TypeOf(prefix));
            if (subject == null || prefix == null) return false;
            if (subject.S != null && prefix.S != null) return subject.S.StartsWith(prefix.S, StringComparison.Ordinal);
            if (subject.B != null && prefix.B != null)
            {
                var bytes = AttributeValues.Bytes(subject.B);
                var start = AttributeValues.Bytes(prefix.B);
                return bytes.Length >= start.Length && bytes.Take(start.Length).SequenceEqual(start);
            }
            return false;
        }

        private static bool Contains(AttributeValue? subject, AttributeValue? operand)
        {
            if (subject == null || operand == null) return false;
            switch (AttributeValues.TypeOf(subject))
            {
                case "S": return operand.S != null && subject.S.IndexOf(operand.S, StringComparison.Ordinal) >= 0;
                case "B": return operand.B != null && ContainsBytes(AttributeValues.Bytes(subject.B), AttributeValues.Bytes(operand.B));
                case "SS": return operand.S != null && subject.SS.Contains(operand.S);
                case "NS": return operand.N != null && subject.NS.Any(n => Compare("=", new AttributeValue { N = n }, operand));
                case "BS": return operand.B != null && subject.BS.Any(b => Compare("=", new AttributeValue { B = b }, operand));
                case "L": return subject.L.Any(e => AttributeValues.AreEqual(e, operand));
                default: return false;
            }
        }

        private static bool ContainsBytes(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Length; i++)
                if (haystack.Skip(i).Take(needle.Length).SequenceEqual(needle)) return true;
            return false;
        }
    }
}
