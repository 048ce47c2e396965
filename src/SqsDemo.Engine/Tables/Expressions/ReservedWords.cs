using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// DynamoDB's reserved words (ReservedWords.txt, the Developer Guide's list): an expression may not
    /// name an attribute with one directly, in any letter case, only through a #name placeholder.
    /// </summary>
    internal static class ReservedWords
    {
        private const string ResourceName = "SqsDemo.Engine.Tables.Expressions.ReservedWords.txt";

        private static readonly Lazy<HashSet<string>> Words = new Lazy<HashSet<string>>(Load);

        public static int Count => Words.Value.Count;

        public static bool IsReserved(string name) => Words.Value.Contains(name);

        /// <summary>Refuses the first literal name (in the order written) that is a reserved word, as DynamoDB does.</summary>
        public static void Check(string kind, IEnumerable<DocumentPath> paths)
        {
            var reserved = paths.SelectMany(p => p.Elements).OfType<NameElement>()
                .FirstOrDefault(n => !n.IsPlaceholder && IsReserved(n.Name));
            if (reserved != null)
                throw TableErrors.InvalidExpression(kind, "Attribute name is a reserved keyword; reserved keyword: " + reserved.Name);
        }

        private static HashSet<string> Load()
        {
            using var stream = typeof(ReservedWords).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException("The engine lacks its embedded resource " + ResourceName + ".");
            using var reader = new StreamReader(stream);
            var words = reader.ReadToEnd().Split(new[] { '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim());
            return new HashSet<string>(words.Where(w => w.Length > 0), StringComparer.OrdinalIgnoreCase);
        }
    }
}
