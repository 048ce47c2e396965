using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// Applies a bound UpdateExpression to a copy of an item. Every value is computed from the item
    /// as it was before the update (as DynamoDB does), then the actions are applied in order.
    /// </summary>
    internal static class UpdateApplier
    {
        private const string WrongType = "An operand in the update expression has an incorrect data type";

        /// <summary>Refuses what DynamoDB refuses before touching an item: overlapping paths and key attributes.</summary>
        public static void CheckActions(UpdateExpression update, IEnumerable<string> keyNames)
        {
            var actions = update.Actions;
            for (var i = 0; i < actions.Count; i++)
                for (var j = i + 1; j < actions.Count; j++)
                    if (DocumentPaths.Overlap(actions[i].Path, actions[j].Path))
                        throw TableErrors.InvalidExpression(ExpressionParser.UpdateKind,
                            "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [" + Steps(actions[i].Path) + "], path two: [" + Steps(actions[j].Path) + "]");
            var key = actions.Select(a => DocumentPaths.TopName(a.Path)).FirstOrDefault(keyNames.Contains);
            if (key != null)
                throw TableErrors.Validation("One or more parameter values were invalid: Cannot update attribute " + key + ". This attribute is part of the key");
        }

        private static string Steps(DocumentPath path) => string.Join(", ", path.Elements.Select(e => e.ToString()));

        public static Dictionary<string, AttributeValue> Apply(UpdateExpression update, IDictionary<string, AttributeValue> before, ExpressionContext context)
        {
            var after = AttributeValues.CloneItem(before);
            var planned = update.Actions.Select(a => (Action: a, Value: ValueFor(a, before, context))).ToList();
            foreach (var (action, value) in planned)
            {
                if (action is RemoveAction) DocumentPaths.Remove(after, action.Path);
                else if (value == null) DocumentPaths.Remove(after, action.Path);
                else DocumentPaths.Set(after, action.Path, value);
            }
            return after;
        }

        // The new value at the action's path, or null to remove it (REMOVE, or DELETE emptying a set).
        private static AttributeValue? ValueFor(UpdateAction action, IDictionary<string, AttributeValue> before, ExpressionContext context)
        {
            var current = DocumentPaths.Get(before, action.Path);
            switch (action)
            {
                case SetAction set:
                    var value = Operands.Evaluate(set.Value, before, context)
                        ?? throw TableErrors.Validation("The provided expression refers to an attribute that does not exist in the item");
                    return AttributeValues.Clone(value);
                case AddAction add: return Add(current, context.Value(add.Value.Placeholder));
                case DeleteAction delete: return Delete(current, context.Value(delete.Value.Placeholder));
                default: return null;
            }
        }

        private static AttributeValue Add(AttributeValue? current, AttributeValue operand)
        {
            var type = AttributeValues.TypeOf(operand);
            if (type != "N" && type != "SS" && type != "NS" && type != "BS")
                throw TableErrors.InvalidExpression(ExpressionParser.UpdateKind, "Incorrect operand type for operator or function; operator: ADD, operand type: " + type);
            if (current == null) return AttributeValues.Clone(operand);
            if (AttributeValues.TypeOf(current) != type)
                throw TableErrors.InvalidExpression(ExpressionParser.UpdateKind, WrongType);
            switch (type)
            {
                case "N": return AttributeValues.Number((DynamoNumber.Parse(current.N) + DynamoNumber.Parse(operand.N)).Checked());
                case "SS": return new AttributeValue { SS = current.SS.Union(operand.SS).ToList() };
                case "NS": return new AttributeValue { NS = current.NS.Union(operand.NS).ToList() };
                default: return new AttributeValue { BS = SetOf(current).Union(SetOf(operand).Where(b => !SetOf(current).Any(c => SameBytes(b, c)))).ToList() };
            }
        }

        private static AttributeValue? Delete(AttributeValue? current, AttributeValue operand)
        {
            var type = AttributeValues.TypeOf(operand);
            if (type != "SS" && type != "NS" && type != "BS")
                throw TableErrors.InvalidExpression(ExpressionParser.UpdateKind, "Incorrect operand type for operator or function; operator: DELETE, operand type: " + type);
            if (current == null) return null;
            if (AttributeValues.TypeOf(current) != type)
                throw TableErrors.InvalidExpression(ExpressionParser.UpdateKind, WrongType);
            var left = type == "SS" ? new AttributeValue { SS = current.SS.Except(operand.SS).ToList() }
                : type == "NS" ? new AttributeValue { NS = current.NS.Except(operand.NS).ToList() }
                : new AttributeValue { BS = SetOf(current).Where(b => !SetOf(operand).Any(o => SameBytes(b, o))).ToList() };
            var count = left.SS?.Count ?? left.NS?.Count ?? left.BS.Count;
            return count == 0 ? null : left;
        }

        private static List<System.IO.MemoryStream> SetOf(AttributeValue v) => v.BS;

        private static bool SameBytes(System.IO.MemoryStream a, System.IO.MemoryStream b) => a.ToArray().SequenceEqual(b.ToArray());
    }
}
