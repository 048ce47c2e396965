using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SqsDemo.Tests.Terraform
{
    /// <summary>An attribute of an HCL body: its name and its expression, as written (trimmed).</summary>
    public sealed record HclAttribute(string Name, string Expression, int Line);

    /// <summary>A block of an HCL body: its type, its labels (unquoted), and its body.</summary>
    public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, HclBody Body, string File, int Line)
    {
        public string Label(int index) => index < Labels.Count ? Labels[index] : "";

        public override string ToString() => $"{File}:{Line} {Type}{string.Concat(Labels.Select(l => " \"" + l + "\""))}";
    }

    /// <summary>The attributes and blocks of a file or of a block, in order.</summary>
    public sealed class HclBody
    {
        public HclBody(IReadOnlyList<HclAttribute> attributes, IReadOnlyList<HclBlock> blocks)
        {
            Attributes = attributes;
            Blocks = blocks;
        }

        public IReadOnlyList<HclAttribute> Attributes { get; }

        public IReadOnlyList<HclBlock> Blocks { get; }

        /// <summary>The expression of the attribute <paramref name="name"/>, or null when the body does not set it.</summary>
        public string? this[string name] => Attributes.FirstOrDefault(a => a.Name == name)?.Expression;

        public IEnumerable<HclBlock> All(string type) => Blocks.Where(b => b.Type == type);

        /// <summary>
        /// The bodies of the nested blocks of <paramref name="type"/>, the static ones and the <c>content</c> of each
        /// <c>dynamic "type"</c> (which Terraform makes zero or more of: whatever it may make must pass).
        /// </summary>
        public IEnumerable<HclBody> Nested(string type) =>
            All(type).Select(b => b.Body)
                .Concat(All("dynamic").Where(d => d.Label(0) == type).SelectMany(d => d.Body.All("content")).Select(c => c.Body));
    }

    /// <summary>
    /// A reader of Terraform's native syntax as far as the tests need: the structure of blocks and attributes, each
    /// attribute's expression kept as text. It knows what can hide a brace or a newline from a naive reader (quoted
    /// strings with their ${...} and %{...} templates, heredocs, the three kinds of comment, brackets spanning lines),
    /// so a check finds every <c>resource "aws_sqs_queue"</c> of every file however it is written, not only the ones
    /// written as the check's regex expects. It does not evaluate anything.
    /// </summary>
    public static class Hcl
    {
        public static HclBody Parse(string text, string file = "")
        {
            var reader = new Reader(text.Replace("\r\n", "\n"), file);
            var body = reader.Body(closing: false);
            return body;
        }

        /// <summary>The elements of a list or tuple expression <c>[a, b, ...]</c>, each as text; null when it is not one.</summary>
        public static IReadOnlyList<string>? ListElements(string expression)
        {
            string e = expression.Trim();
            if (!e.StartsWith('[') || !e.EndsWith(']')) return null;
            var reader = new Reader(e, "");
            if (reader.SkipBracketed(0) != e.Length) return null; // `[a] + [b]`, `[x][0]`: not one list
            // Split at the commas outside strings and brackets; comments are dropped.
            var elements = new List<string>();
            var current = new System.Text.StringBuilder();
            int i = 1;
            while (i < e.Length - 1)
            {
                if (e[i] == ',')
                {
                    elements.Add(current.ToString().Trim());
                    current.Clear();
                    i++;
                    continue;
                }
                int next = reader.SkipTokenOrComment(i);
                if (!reader.IsComment(i)) current.Append(e, i, next - i);
                i = next;
            }
            elements.Add(current.ToString().Trim());
            return elements.Where(x => x.Length > 0).ToList();
        }

        /// <summary>A quoted string without templates as its value; null for any other expression.</summary>
        public static string? StringLiteral(string expression)
        {
            var match = Regex.Match(expression.Trim(), @"^""((?:[^""\\$%]|\\.|\$(?!\{)|%(?!\{))*)""$");
            return match.Success ? Regex.Unescape(match.Groups[1].Value) : null;
        }

        /// <summary>A list of quoted strings without templates, as values; null when any element is something else.</summary>
        public static IReadOnlyList<string>? StringList(string expression)
        {
            var elements = ListElements(expression);
            if (elements == null) return null;
            var values = elements.Select(StringLiteral).ToList();
            return values.Any(v => v == null) ? null : values.Select(v => v!).ToList();
        }

        private sealed class Reader
        {
            private readonly string _text;
            private readonly string _file;
            private int _at;

            public Reader(string text, string file)
            {
                _text = text;
                _file = file;
            }

            private int LineAt(int offset) => 1 + _text.Take(Math.Min(offset, _text.Length)).Count(c => c == '\n');

            private Exception Error(int offset, string message) => new FormatException($"{_file}:{LineAt(offset)}: {message}");

            public HclBody Body(bool closing)
            {
                var attributes = new List<HclAttribute>();
                var blocks = new List<HclBlock>();
                while (true)
                {
                    _at = SkipSpace(_at, newlines: true);
                    if (_at >= _text.Length)
                    {
                        if (closing) throw Error(_at, "a block is not closed.");
                        return new HclBody(attributes, blocks);
                    }
                    if (_text[_at] == '}')
                    {
                        if (!closing) throw Error(_at, "a '}' closes nothing.");
                        _at++;
                        return new HclBody(attributes, blocks);
                    }

                    int start = _at;
                    string name = Identifier();
                    _at = SkipSpace(_at, newlines: false);
                    if (_at < _text.Length && _text[_at] == '=' && (_at + 1 >= _text.Length || _text[_at + 1] != '='))
                    {
                        int from = ++_at;
                        _at = ExpressionEnd(from);
                        attributes.Add(new HclAttribute(name, _text.Substring(from, _at - from).Trim(), LineAt(start)));
                        continue;
                    }

                    var labels = new List<string>();
                    while (_at < _text.Length && _text[_at] != '{')
                    {
                        if (_text[_at] == '"')
                        {
                            int end = SkipString(_at);
                            labels.Add(_text.Substring(_at + 1, end - _at - 2));
                            _at = end;
                        }
                        else
                        {
                            labels.Add(Identifier());
                        }
                        _at = SkipSpace(_at, newlines: false);
                    }
                    if (_at >= _text.Length) throw Error(start, $"'{name}' is neither an attribute nor a block.");
                    _at++;
                    blocks.Add(new HclBlock(name, labels, Body(closing: true), _file, LineAt(start)));
                }
            }

            private string Identifier()
            {
                var match = Regex.Match(_text.Substring(_at), @"^[A-Za-z_][A-Za-z0-9_-]*");
                if (!match.Success) throw Error(_at, $"expected a name, found '{_text.Substring(_at, Math.Min(20, _text.Length - _at))}'.");
                _at += match.Length;
                return match.Value;
            }

            /// <summary>
            /// An attribute's expression ends at a newline, a comment to the line's end (not part of it), or a closing
            /// brace, outside any bracket (or the text's end).
            /// </summary>
            private int ExpressionEnd(int i)
            {
                while (i < _text.Length)
                {
                    char c = _text[i];
                    if (c == '\n' || c == '}') return i;
                    if (c == '#' || (c == '/' && i + 1 < _text.Length && _text[i + 1] == '/')) return i;
                    i = SkipToken(i);
                }
                return i;
            }

            private int LineEnd(int i)
            {
                int n = _text.IndexOf('\n', i);
                return n < 0 ? _text.Length : n;
            }

            public bool IsComment(int i) =>
                _text[i] == '#' || (_text[i] == '/' && i + 1 < _text.Length && (_text[i + 1] == '/' || _text[i + 1] == '*'));

            public int SkipTokenOrComment(int i) =>
                _text[i] == '#' || (_text[i] == '/' && i + 1 < _text.Length && _text[i + 1] == '/') ? LineEnd(i) : SkipToken(i);

            /// <summary>Past one character, or past a whole string, heredoc, comment or bracketed group starting at <paramref name="i"/>.</summary>
            public int SkipToken(int i)
            {
                char c = _text[i];
                if (c == '"') return SkipString(i);
                if (c == '[' || c == '(' || c == '{') return SkipBracketed(i);
                if (c == '<' && i + 1 < _text.Length && _text[i + 1] == '<' && Regex.IsMatch(_text.Substring(i), @"^<<-?[A-Za-z_][A-Za-z0-9_-]*\n")) return SkipHeredoc(i);
                if (c == '/' && i + 1 < _text.Length && _text[i + 1] == '*') return SkipBlockComment(i);
                if (c == ']' || c == ')') throw Error(i, $"'{c}' closes nothing.");
                return i + 1;
            }

            public int SkipBracketed(int i)
            {
                char open = _text[i];
                char close = open == '[' ? ']' : open == '(' ? ')' : '}';
                i++;
                while (i < _text.Length)
                {
                    char c = _text[i];
                    if (c == close) return i + 1;
                    if (c == '#' || (c == '/' && i + 1 < _text.Length && _text[i + 1] == '/')) { i = LineEnd(i); continue; }
                    if (c == '}' || c == ']' || c == ')') throw Error(i, $"'{c}' where '{close}' was expected.");
                    i = SkipToken(i);
                }
                throw Error(i, $"'{open}' is not closed.");
            }

            /// <summary>Past a quoted string, its ${...} and %{...} templates (code, which may hold strings) included.</summary>
            private int SkipString(int i)
            {
                i++;
                while (i < _text.Length)
                {
                    char c = _text[i];
                    if (c == '\\') { i += 2; continue; }
                    if (c == '"') return i + 1;
                    if (c == '\n') throw Error(i, "a quoted string runs past the end of its line.");
                    if ((c == '$' || c == '%') && i + 1 < _text.Length)
                    {
                        if (_text[i + 1] == c) { i += 2; continue; } // $${ and %%{ are literal
                        if (_text[i + 1] == '{') { i = SkipBracketed(i + 1); continue; }
                    }
                    i++;
                }
                throw Error(i, "a quoted string is not closed.");
            }

            private int SkipHeredoc(int i)
            {
                var header = Regex.Match(_text.Substring(i), @"^<<-?([A-Za-z_][A-Za-z0-9_-]*)\n");
                string marker = header.Groups[1].Value;
                i += header.Length;
                while (i < _text.Length)
                {
                    int end = LineEnd(i);
                    if (_text.Substring(i, end - i).Trim() == marker) return end;
                    i = end + 1;
                }
                throw Error(i, $"heredoc {marker} is not closed.");
            }

            private int SkipBlockComment(int i)
            {
                int end = _text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw Error(i, "a /* comment is not closed.");
                return end + 2;
            }

            private int SkipSpace(int i, bool newlines)
            {
                while (i < _text.Length)
                {
                    char c = _text[i];
                    if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) i++;
                    else if (newlines && (c == '#' || (c == '/' && i + 1 < _text.Length && _text[i + 1] == '/'))) i = LineEnd(i);
                    else if (c == '/' && i + 1 < _text.Length && _text[i + 1] == '*') i = SkipBlockComment(i);
                    else break;
                }
                return i;
            }
        }
    }
}
