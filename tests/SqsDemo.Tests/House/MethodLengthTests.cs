using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.House
{
    /// <summary>
    /// A method that does not fit on a screen is two methods: no method, constructor, accessor,
    /// operator or local function in src/ spans more than <see cref="MaxLines"/> lines. Roslyn
    /// parses each file, so a brace in a string or a comment cannot fool the count.
    /// </summary>
    public sealed class MethodLengthTests
    {
        private const int MaxLines = 80;

        [Fact]
        public void No_method_in_src_is_longer_than_a_screen()
        {
            var tooLong = Members(Path.Combine(RepoPaths.Root, "src"))
                .Where(m => m.Lines > MaxLines)
                .OrderByDescending(m => m.Lines)
                .Select(m => $"{m.Lines,4} lines  {m.Where}")
                .ToArray();
            Assert.True(tooLong.Length == 0, $"Split these into methods of at most {MaxLines} lines:\n" + string.Join("\n", tooLong));
        }

        [Fact]
        public void The_count_measures_a_method_from_its_signature_to_its_closing_brace()
        {
            var source = "class C {\n  void M()\n  {\n    var s = \"}\";\n  }\n  int P { get { return 1; } }\n}\n";
            var members = MembersOf(CSharpSyntaxTree.ParseText(source, path: "C.cs")).ToArray();
            Assert.Contains(members, m => m.Where.StartsWith("C.cs:2 M", StringComparison.Ordinal) && m.Lines == 4);
            Assert.Contains(members, m => m.Where.StartsWith("C.cs:6 get", StringComparison.Ordinal) && m.Lines == 1);
        }

        private static (int Lines, string Where)[] Members(string root) =>
            Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .SelectMany(f => MembersOf(CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: Path.GetRelativePath(RepoPaths.Root, f))))
                .ToArray();

        private static (int Lines, string Where)[] MembersOf(SyntaxTree tree) =>
            tree.GetRoot().DescendantNodes()
                .Where(n => n is BaseMethodDeclarationSyntax || n is AccessorDeclarationSyntax || n is LocalFunctionStatementSyntax)
                .Select(n =>
                {
                    var span = n.GetLocation().GetLineSpan();
                    var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
                    return (lines, $"{span.Path}:{span.StartLinePosition.Line + 1} {NameOf(n)}");
                })
                .ToArray();

        private static string NameOf(SyntaxNode node) => node switch
        {
            MethodDeclarationSyntax m => m.Identifier.Text,
            ConstructorDeclarationSyntax c => c.Identifier.Text + " (constructor)",
            AccessorDeclarationSyntax a => a.Keyword.Text,
            LocalFunctionStatementSyntax l => l.Identifier.Text,
            _ => node.Kind().ToString(),
        };
    }
}
