using System.Collections.Generic;

namespace SqsDemo.Engine.Outside
{
    /// <summary>The last few lines a process wrote to standard error: what a crash's reason quotes, as a task's stopped reason would.</summary>
    internal sealed class LastLines
    {
        private const int Kept = 5;
        private readonly Queue<string> _lines = new Queue<string>();

        public void Add(string line)
        {
            lock (_lines)
            {
                if (_lines.Count == Kept) _lines.Dequeue();
                _lines.Enqueue(line);
            }
        }

        /// <summary>"; its last words on standard error: ..." or empty when it wrote none.</summary>
        public string Quote()
        {
            lock (_lines) return _lines.Count == 0 ? "" : "; its last lines on standard error: " + string.Join(" | ", _lines);
        }
    }
}
