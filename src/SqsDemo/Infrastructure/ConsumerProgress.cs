using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Work;
using SqsDemo.Engine.Environments;

namespace SqsDemo.Infrastructure
{
    /// <summary>
    /// The progress bar of a consumer running in the foreground: what it has done so far, by outcome,
    /// and against -MessageLimit when it has one. Counts every record, also those -LogLevel keeps off
    /// the pipeline.
    /// </summary>
    public sealed class ConsumerProgress
    {
        public const int ActivityId = 0x5d8;

        private readonly ThrottledProgress _progress;
        private readonly int _messageLimit;
        private readonly SortedDictionary<MessageOutcome, int> _outcomes = new SortedDictionary<MessageOutcome, int>();

        public ConsumerProgress(Cmdlet cmdlet, System.TimeProvider wallClock, ConsumerOptions options)
        {
            var queue = QueueAddress.NameOf(options.QueueUrl);
            _progress = new ThrottledProgress(cmdlet, wallClock, ActivityId, $"Consumer {options.ConsumerId} on {queue}", "waiting for messages");
            _messageLimit = options.Receive.MessageLimit;
            if (_messageLimit > 0) _progress.Record.PercentComplete = 0;
        }

        public void Show() => _progress.Show();

        public void Count(ConsumerRecord record)
        {
            _outcomes.TryGetValue(record.Outcome, out var count);
            _outcomes[record.Outcome] = count + 1;
            // "Released" hands a message back unhandled: it does not count toward the limit.
            var handled = _outcomes.Where(o => o.Key != MessageOutcome.Released).Sum(o => o.Value);
            _progress.Record.StatusDescription = string.Join(", ", _outcomes.Select(o => $"{o.Value} {o.Key.ToString().ToLowerInvariant()}"));
            if (_messageLimit > 0) _progress.Record.PercentComplete = System.Math.Min(100, 100 * handled / _messageLimit);
            _progress.Show();
        }

        public void Complete() => _progress.Complete();
    }
}
