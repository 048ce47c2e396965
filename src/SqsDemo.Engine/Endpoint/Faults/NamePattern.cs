using System.Text.RegularExpressions;

namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>A name with PowerShell's simple wildcards, * and ?, matched without regard to case (consumer-*, Delete*).</summary>
    public sealed class NamePattern
    {
        private readonly Regex _regex;

        public NamePattern(string pattern)
        {
            Text = pattern;
            _regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }

        public string Text { get; }

        public bool IsMatch(string? name) => name != null && _regex.IsMatch(name);

        public override string ToString() => Text;
    }
}
