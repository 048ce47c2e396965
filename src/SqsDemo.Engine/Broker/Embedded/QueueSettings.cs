using System;
using System.Collections.Generic;
using System.Globalization;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// A queue's configurable attributes, immutable: SetQueueAttributes replaces the whole
    /// snapshot, so a reader never sees half an update.
    /// </summary>
    internal sealed class QueueSettings
    {
        public const int DefaultVisibilityTimeout = 30;
        public const int DefaultMessageRetentionPeriod = SqsLimits.DefaultMessageRetentionPeriod;
        public const int MinMessageRetentionPeriod = 60;
        public const int MaxMessageRetentionPeriod = 1_209_600;
        public const int MinMaximumMessageSize = 1_024;

        public const string DeduplicationScopeQueue = "queue";
        public const string DeduplicationScopeMessageGroup = "messageGroup";
        public const string FifoThroughputPerQueue = "perQueue";
        public const string FifoThroughputPerMessageGroupId = "perMessageGroupId";

        public static readonly QueueSettings StandardDefaults = new QueueSettings();
        public static readonly QueueSettings FifoDefaults = new QueueSettings { IsFifo = true };

        public bool IsFifo { get; private set; }
        /// <summary>FIFO: deduplicate by the SHA-256 of the body when a send has no MessageDeduplicationId.</summary>
        public bool ContentBasedDeduplication { get; private set; }
        /// <summary>FIFO: "queue" (default) or "messageGroup" (a deduplication id is unique per group).</summary>
        public string DeduplicationScope { get; private set; } = DeduplicationScopeQueue;
        /// <summary>FIFO: "perQueue" (default) or "perMessageGroupId" (only with messageGroup scope). Reported, not throttled.</summary>
        public string FifoThroughputLimit { get; private set; } = FifoThroughputPerQueue;
        public bool DeduplicatesPerGroup => DeduplicationScope == DeduplicationScopeMessageGroup;
        public int VisibilityTimeout { get; private set; } = DefaultVisibilityTimeout;
        public int MessageRetentionPeriod { get; private set; } = DefaultMessageRetentionPeriod;
        public int DelaySeconds { get; private set; }
        public int ReceiveMessageWaitTimeSeconds { get; private set; }
        public int MaximumMessageSize { get; private set; } = SqsLimits.MaxMessageSizeBytes;
        public RedrivePolicy? RedrivePolicy { get; private set; }
        public RedriveAllowPolicy? RedriveAllowPolicy { get; private set; }

        /// <summary>Real SQS attributes the embedded broker stores and reports but does not act on (Policy, KMS, SSE).</summary>
        public IReadOnlyDictionary<string, string> Inert { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public long RetentionTicks => MessageRetentionPeriod * TimeSpan.TicksPerSecond;

        /// <summary>The attribute as GetQueueAttributes reports it, or null when the queue has no such value.</summary>
        public string? ValueOf(string attributeName)
        {
            switch (attributeName)
            {
                case QueueAttributeName.VisibilityTimeout: return Text(VisibilityTimeout);
                case QueueAttributeName.MessageRetentionPeriod: return Text(MessageRetentionPeriod);
                case QueueAttributeName.DelaySeconds: return Text(DelaySeconds);
                case QueueAttributeName.ReceiveMessageWaitTimeSeconds: return Text(ReceiveMessageWaitTimeSeconds);
                case QueueAttributeName.MaximumMessageSize: return Text(MaximumMessageSize);
                case QueueAttributeName.RedrivePolicy: return RedrivePolicy?.ToJson();
                case QueueAttributeName.RedriveAllowPolicy: return RedriveAllowPolicy?.ToJson();
                case QueueAttributeName.FifoQueue: return IsFifo ? "true" : null;
                case QueueAttributeName.ContentBasedDeduplication: return IsFifo ? (ContentBasedDeduplication ? "true" : "false") : null;
                case QueueAttributeName.DeduplicationScope: return IsFifo ? DeduplicationScope : null;
                case QueueAttributeName.FifoThroughputLimit: return IsFifo ? FifoThroughputLimit : null;
                case QueueAttributeName.SqsManagedSseEnabled: return Inert.TryGetValue(attributeName, out var sse) ? sse : "true"; // on by default since 2022
                default: return Inert.TryGetValue(attributeName, out var value) ? value : null;
            }
        }

        /// <summary>A copy to change while parsing; only <see cref="QueueAttributeParser"/> mutates it before publishing.</summary>
        internal Builder ToBuilder() => new Builder((QueueSettings)MemberwiseClone());

        private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

        internal sealed class Builder
        {
            private readonly QueueSettings _settings;
            private Dictionary<string, string>? _inert;

            public Builder(QueueSettings settings) { _settings = settings; }

            public int VisibilityTimeout { set => _settings.VisibilityTimeout = value; }
            public int MessageRetentionPeriod { set => _settings.MessageRetentionPeriod = value; }
            public int DelaySeconds { set => _settings.DelaySeconds = value; }
            public int ReceiveMessageWaitTimeSeconds { set => _settings.ReceiveMessageWaitTimeSeconds = value; }
            public int MaximumMessageSize { set => _settings.MaximumMessageSize = value; }
            public RedrivePolicy? RedrivePolicy { set => _settings.RedrivePolicy = value; }
            public RedriveAllowPolicy? RedriveAllowPolicy { set => _settings.RedriveAllowPolicy = value; }
            public bool IsFifo { set => _settings.IsFifo = value; }
            public bool ContentBasedDeduplication { set => _settings.ContentBasedDeduplication = value; }
            public string DeduplicationScope { set => _settings.DeduplicationScope = value; }
            public string FifoThroughputLimit { set => _settings.FifoThroughputLimit = value; }

            public void SetInert(string name, string? value)
            {
                if (_inert == null)
                {
                    _inert = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var pair in _settings.Inert) _inert[pair.Key] = pair.Value;
                }
                if (string.IsNullOrEmpty(value)) _inert.Remove(name);
                else _inert[name] = value!;
            }

            public QueueSettings Build()
            {
                if (_settings.IsFifo && _settings.FifoThroughputLimit == FifoThroughputPerMessageGroupId
                    && _settings.DeduplicationScope != DeduplicationScopeMessageGroup)
                    throw SqsErrors.FifoThroughputNeedsMessageGroupScope();
                if (_inert != null) _settings.Inert = _inert;
                return _settings;
            }
        }
    }
}
