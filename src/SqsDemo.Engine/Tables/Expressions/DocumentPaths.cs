using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// Follows a resolved document path (names already bound) into an item: reads, writes and removes
    /// nested map members and list elements, as UpdateExpression and the conditions need.
    /// </summary>
    internal static class DocumentPaths
    {
        private const string InvalidForUpdate = "The document path provided in the update expression is invalid for update";

        /// <summary>The value at the path, or null when any step of it is missing or of the wrong type.</summary>
        public static AttributeValue? Get(IDictionary<string, AttributeValue> item, DocumentPath path)
        {
            if (!item.TryGetValue(TopName(path), out var current)) return null;
            for (var i = 1; i < path.Elements.Count && current != null; i++)
                current = Step(current, path.Elements[i]);
            return current;
        }

        public static string TopName(DocumentPath path) => ((NameElement)path.Elements[0]).Name;

        private static AttributeValue? Step(AttributeValue value, PathElement element)
        {
            if (element is NameElement name)
                return value.IsMSet && value.M.TryGetValue(name.Name, out var member) ? member : null;
            var index = ((IndexElement)element).Index;
            return value.IsLSet && index < value.L.Count ? value.L[index] : null;
        }

        /// <summary>Writes the value at the path; its parent must exist (DynamoDB creates no intermediate maps).</summary>
        public static void Set(IDictionary<string, AttributeValue> item, DocumentPath path, AttributeValue value)
        {
            if (path.Elements.Count == 1)
            {
                item[TopName(path)] = value;
                return;
            }
            var parent = Parent(item, path) ?? throw TableErrors.Validation(InvalidForUpdate);
            switch (path.Elements[path.Elements.Count - 1])
            {
                case NameElement name when parent.IsMSet:
                    parent.M[name.Name] = value;
                    break;
                case IndexElement index when parent.IsLSet:
                    // An index past the end appends, as DynamoDB does.
                    if (index.Index < parent.L.Count) parent.L[index.Index] = value;
                    else parent.L.Add(value);
                    break;
                default:
                    throw TableErrors.Validation(InvalidForUpdate);
            }
        }

        /// <summary>Removes the value at the path if it is there (a list element's followers move up).</summary>
        public static void Remove(IDictionary<string, AttributeValue> item, DocumentPath path)
        {
            if (path.Elements.Count == 1)
            {
                item.Remove(TopName(path));
                return;
            }
            var parent = Parent(item, path);
            if (parent == null) return;
            switch (path.Elements[path.Elements.Count - 1])
            {
                case NameElement name when parent.IsMSet:
                    parent.M.Remove(name.Name);
                    break;
                case IndexElement index when parent.IsLSet && index.Index < parent.L.Count:
                    parent.L.RemoveAt(index.Index);
                    break;
            }
        }

        private static AttributeValue? Parent(IDictionary<string, AttributeValue> item, DocumentPath path)
        {
            var elements = new PathElement[path.Elements.Count - 1];
            for (var i = 0; i < elements.Length; i++) elements[i] = path.Elements[i];
            return Get(item, new DocumentPath(elements));
        }

        /// <summary>True when one path is the other or lies inside it (DynamoDB refuses such pairs in one update).</summary>
        public static bool Overlap(DocumentPath a, DocumentPath b)
        {
            var n = System.Math.Min(a.Elements.Count, b.Elements.Count);
            for (var i = 0; i < n; i++)
                if (!a.Elements[i].Equals(b.Elements[i])) return false;
            return true;
        }
    }
}
