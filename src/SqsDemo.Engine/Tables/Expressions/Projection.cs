using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>A bound ProjectionExpression: copies only the named paths of an item, nested ones inside their maps and lists.</summary>
    internal sealed class Projection
    {
        private readonly IReadOnlyList<DocumentPath> _paths;

        private Projection(IReadOnlyList<DocumentPath> paths) => _paths = paths;

        public static Projection? Parse(string? text, ExpressionContext context) =>
            text == null ? null : new Projection(ExpressionParser.ParseProjection(text).Select(context.Resolve).ToArray());

        public Dictionary<string, AttributeValue> Apply(IDictionary<string, AttributeValue> item)
        {
            var projected = new Dictionary<string, AttributeValue>(System.StringComparer.Ordinal);
            foreach (var path in _paths)
            {
                var value = DocumentPaths.Get(item, path);
                if (value != null) Place(projected, path, AttributeValues.Clone(value));
            }
            return projected;
        }

        // Rebuilds the containers along the path; list elements keep their relative order, not their index.
        private static void Place(Dictionary<string, AttributeValue> projected, DocumentPath path, AttributeValue value)
        {
            var top = DocumentPaths.TopName(path);
            if (path.Elements.Count == 1)
            {
                projected[top] = value;
                return;
            }
            var container = projected.TryGetValue(top, out var existing) ? existing : (projected[top] = Empty(path.Elements[1]));
            for (var i = 1; i < path.Elements.Count; i++)
            {
                var last = i == path.Elements.Count - 1;
                var next = last ? value : Empty(path.Elements[i + 1]);
                if (path.Elements[i] is NameElement name)
                {
                    if (!container.M.TryGetValue(name.Name, out var child)) container.M[name.Name] = child = next;
                    container = child;
                }
                else
                {
                    container.L.Add(next);
                    container = next;
                }
            }
        }

        private static AttributeValue Empty(PathElement next) =>
            next is NameElement ? new AttributeValue { M = new Dictionary<string, AttributeValue>() } : new AttributeValue { L = new List<AttributeValue>() };
    }
}
