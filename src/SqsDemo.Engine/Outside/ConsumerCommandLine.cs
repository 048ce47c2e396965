using System;
using System.Text;

namespace SqsDemo.Engine.Outside
{
    /// <summary>
    /// A consumer's command line, as a user types it ('python consume.py --fast'): the program and the rest. No
    /// shell runs it, so signals reach the consumer itself rather than a shell in between; the rest is handed to
    /// the runtime as the process's argument string, which splits it (double quotes group, as for Start-Process).
    /// </summary>
    public sealed class ConsumerCommandLine
    {
        private ConsumerCommandLine(string text, string program, string arguments)
        {
            Text = text;
            Program = program;
            Arguments = arguments;
        }

        /// <summary>The command line as given.</summary>
        public string Text { get; }

        /// <summary>The program: a path, or a name looked up on PATH.</summary>
        public string Program { get; }

        /// <summary>Everything after the program, unsplit.</summary>
        public string Arguments { get; }

        /// <summary>Splits off the program: the first word, or the first double-quoted run (a path with spaces).</summary>
        public static ConsumerCommandLine Parse(string commandLine)
        {
            if (commandLine == null) throw new ArgumentNullException(nameof(commandLine));
            var text = commandLine.Trim();
            if (text.Length == 0) throw new ArgumentException("The consumer's command line is empty: give the program to run, e.g. 'python consume.py'.", nameof(commandLine));
            int end;
            string program;
            if (text[0] == '"')
            {
                end = text.IndexOf('"', 1);
                if (end < 0) throw new ArgumentException("The consumer's command line opens a quote it does not close: " + text, nameof(commandLine));
                program = text.Substring(1, end - 1);
                end++;
            }
            else
            {
                end = 0;
                while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
                program = text.Substring(0, end);
            }
            if (program.Length == 0) throw new ArgumentException("The consumer's command line names no program: " + text, nameof(commandLine));
            return new ConsumerCommandLine(text, program, text.Substring(end).TrimStart());
        }

        /// <summary>The program as one argument of another's argument string (setsid's): quoted, inner quotes escaped.</summary>
        internal string QuotedProgram()
        {
            var quoted = new StringBuilder("\"");
            foreach (var c in Program)
            {
                if (c == '"' || c == '\\') quoted.Append('\\');
                quoted.Append(c);
            }
            return quoted.Append('"').ToString();
        }

        public override string ToString() => Text;
    }
}
