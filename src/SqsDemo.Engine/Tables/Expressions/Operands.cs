using System.Collections.Generic;
using System.Linq;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>The value of a bound operand against an item: null when a path leads nowhere.</summary>
    internal static class Operands
    {
        private const string WrongType = "An operand in the update expression has an incorrect data type";

        public static AttributeValue? Evaluate(Operand operand, IDictionary<string, AttributeValue> item, ExpressionContext context)
        {
            switch (operand)
            {
                case PathOperand p: return DocumentPaths.Get(item, p.Path);
                case ValueOperand v: return context.Value(v.Placeholder);
                case SizeOperand s: return Size(DocumentPaths.Get(item, s.Path));
                case IfNotExistsOperand i: return DocumentPaths.Get(item, i.Path) ?? Evaluate(i.Fallback, item, context);
                case ListAppendOperand l: return ListAppend(Evaluate(l.First, item, context), Evaluate(l.Second, item, context));
                default: return Arithmetic((ArithmeticOperand)operand, item, context);
            }
        }

        private static AttributeValue? Size(AttributeValue? value)
        {
            if (value == null) return null;
            switch (AttributeValues.TypeOf(value))
            {
                case "S": return Count(value.S.Length);
                case "B": return Count(value.B.Length);
                case "SS": return Count(value.SS.Count);
                case "NS": return Count(value.NS.Count);
                case "BS": return Count(value.BS.Count);
                case "L": return Count(value.L.Count);
                case "M": return Count(value.M.Count);
                default: return null;
            }
        }

        private static AttributeValue Count(long n) => new AttributeValue { N = n.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        private static AttributeValue ListAppend(AttributeValue? first, AttributeValue? second)
        {
            if (first == null || second == null) throw Missing();
            if (!first.IsLSet || !second.IsLSet) throw TableErrors.InvalidExpression(ExpressionParser.UpdateKind, WrongType);
            return new AttributeValue { L = first.L.Concat(second.L).Select(AttributeValues.Clone).ToList() };
        }

        private static AttributeValue Arithmetic(ArithmeticOperand a, IDictionary<string, AttributeValue> item, ExpressionContext context)
        {
            var left = Evaluate(a.Left, item, context);
            var right = Evaluate(a.Right, item, context);
            if (left == null || right == null) throw Missing();
            if (left.N == null || right.N == null)
                throw TableErrors.InvalidExpression(ExpressionParser.UpdateKind, "Incorrect operand type for operator or function; operator: " + (a.Operator == '+' ? "ADD" : "SUB") + ", operand type: " + AttributeValues.TypeOf(left.N == null ? left : right));
            var l = DynamoNumber.Parse(left.N);
            var r = DynamoNumber.Parse(right.N);
            return AttributeValues.Number((a.Operator == '+' ? l + r : l - r).Checked());
        }

        private static Amazon.DynamoDBv2.AmazonDynamoDBException Missing() =>
            TableErrors.Validation("The provided expression refers to an attribute that does not exist in the item");
    }
}
