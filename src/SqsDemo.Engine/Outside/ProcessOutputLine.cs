namespace SqsDemo.Engine.Outside
{
    /// <summary>Which of a consumer process's streams a line came from.</summary>
    public enum ProcessStream
    {
        StandardOutput,
        StandardError,
    }

    /// <summary>One line a consumer process wrote.</summary>
    public sealed class ProcessOutputLine
    {
        public ProcessOutputLine(string consumerId, ProcessStream stream, string text)
        {
            ConsumerId = consumerId;
            Stream = stream;
            Text = text;
        }

        public string ConsumerId { get; }
        public ProcessStream Stream { get; }
        public string Text { get; }

        public override string ToString() => Text;
    }
}
