using System;
using System.Collections.Generic;
using System.Globalization;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>Validates CreateQueue / SetQueueAttributes attributes into a <see cref="QueueSettings"/> snapshot.</summary>
    internal static class QueueAttributeParser
    {
        internal const string Policy = "Policy";
        internal const string KmsMasterKeyId = "KmsMasterKeyId";
        internal const string KmsDataKeyReusePeriodSeconds = "KmsDataKeyReusePeriodSeconds";
        internal const string SqsManagedSseEnabled = QueueAttributeName.SqsManagedSseEnabled;

        /// <summary>
        /// Attributes GetQueueAttributes knows (besides "All"): SQS's own, no more (docs/sqs-rules.md,
        /// "Queues"). ApproximateAgeOfOldestMessage is a CloudWatch metric: <see cref="IQueueAgeMetric"/>.
        /// </summary>
        public static readonly HashSet<string> Readable = new HashSet<string>(StringComparer.Ordinal)
        {
            QueueAttributeName.VisibilityTimeout, QueueAttributeName.MessageRetentionPeriod, QueueAttributeName.DelaySeconds,
            QueueAttributeName.ReceiveMessageWaitTimeSeconds, QueueAttributeName.MaximumMessageSize, QueueAttributeName.RedrivePolicy,
            QueueAttributeName.RedriveAllowPolicy, QueueAttributeName.FifoQueue, QueueAttributeName.ContentBasedDeduplication,
            QueueAttributeName.DeduplicationScope, QueueAttributeName.FifoThroughputLimit, QueueAttributeName.QueueArn,
            QueueAttributeName.CreatedTimestamp, QueueAttributeName.LastModifiedTimestamp, QueueAttributeName.ApproximateNumberOfMessages,
            QueueAttributeName.ApproximateNumberOfMessagesNotVisible, QueueAttributeName.ApproximateNumberOfMessagesDelayed,
            Policy, KmsMasterKeyId, KmsDataKeyReusePeriodSeconds, SqsManagedSseEnabled,
        };

        /// <summary>
        /// Applies <paramref name="attributes"/> over <paramref name="current"/>. Unknown, read-only and
        /// FIFO-only (on a standard queue) names are InvalidAttributeName, a change of the queue's type InvalidAttributeValue; bad values InvalidAttributeValue.
        /// </summary>
        public static QueueSettings Apply(QueueSettings current, IReadOnlyDictionary<string, string>? attributes, bool creating, string selfArn, Func<string, QueueState?> findByArn)
        {
            if (attributes == null || attributes.Count == 0) return current;
            var builder = current.ToBuilder();
            foreach (var pair in attributes)
            {
                var name = pair.Key ?? "";
                var value = pair.Value ?? "";
                switch (name)
                {
                    case QueueAttributeName.VisibilityTimeout:
                        builder.VisibilityTimeout = Integer(name, value, 0, SqsLimits.MaxVisibilityTimeoutSeconds);
                        break;
                    case QueueAttributeName.MessageRetentionPeriod:
                        builder.MessageRetentionPeriod = Integer(name, value, QueueSettings.MinMessageRetentionPeriod, QueueSettings.MaxMessageRetentionPeriod);
                        break;
                    case QueueAttributeName.DelaySeconds:
                        builder.DelaySeconds = Integer(name, value, 0, SqsLimits.MaxDelaySeconds);
                        break;
                    case QueueAttributeName.ReceiveMessageWaitTimeSeconds:
                        builder.ReceiveMessageWaitTimeSeconds = Integer(name, value, 0, SqsLimits.MaxWaitTimeSeconds);
                        break;
                    case QueueAttributeName.MaximumMessageSize:
                        builder.MaximumMessageSize = Integer(name, value, QueueSettings.MinMaximumMessageSize, SqsLimits.MaxMessageSizeBytes);
                        break;
                    case QueueAttributeName.RedrivePolicy:
                        builder.RedrivePolicy = value.Length == 0 ? null : ValidRedrivePolicy(value, current.IsFifo, selfArn, findByArn);
                        break;
                    case QueueAttributeName.RedriveAllowPolicy:
                        builder.RedriveAllowPolicy = value.Length == 0 ? null : RedriveAllowPolicy.Parse(value);
                        break;
                    case QueueAttributeName.FifoQueue:
                        // Only FIFO queues know it (a standard queue with FifoQueue=false fails, as on AWS); the
                        // registry matched it with the name at creation; later, the type cannot change.
                        if (!current.IsFifo) throw SqsErrors.UnknownAttribute(name);
                        if (!Boolean(name, value)) throw creating ? SqsErrors.InvalidFifoQueueName() : SqsErrors.QueueTypeChange();
                        break;
                    case QueueAttributeName.ContentBasedDeduplication:
                        // FIFO-only (all three): on a standard queue SQS does not know them.
                        if (!current.IsFifo) throw SqsErrors.UnknownAttribute(name);
                        builder.ContentBasedDeduplication = Boolean(name, value);
                        break;
                    case QueueAttributeName.DeduplicationScope:
                        if (!current.IsFifo) throw SqsErrors.FifoOnlyAttribute(name);
                        builder.DeduplicationScope = OneOf(name, value, QueueSettings.DeduplicationScopeQueue, QueueSettings.DeduplicationScopeMessageGroup);
                        break;
                    case QueueAttributeName.FifoThroughputLimit:
                        if (!current.IsFifo) throw SqsErrors.FifoOnlyAttribute(name);
                        builder.FifoThroughputLimit = OneOf(name, value, QueueSettings.FifoThroughputPerQueue, QueueSettings.FifoThroughputPerMessageGroupId);
                        break;
                    case Policy:
                    case KmsMasterKeyId:
                        builder.SetInert(name, value);
                        break;
                    case KmsDataKeyReusePeriodSeconds:
                        builder.SetInert(name, Integer(name, value, 60, 86_400).ToString(CultureInfo.InvariantCulture));
                        break;
                    case SqsManagedSseEnabled:
                        builder.SetInert(name, Boolean(name, value) ? "true" : "false");
                        break;
                    default:
                        throw SqsErrors.UnknownAttribute(name);
                }
            }
            return builder.Build();
        }

        private static RedrivePolicy ValidRedrivePolicy(string json, bool sourceIsFifo, string selfArn, Func<string, QueueState?> findByArn)
        {
            var policy = RedrivePolicy.Parse(json);
            if (string.Equals(policy.DeadLetterTargetArn, selfArn, StringComparison.Ordinal))
                throw RedrivePolicy.Invalid(json, "Dead letter target cannot be the source queue itself.");
            var target = findByArn(policy.DeadLetterTargetArn);
            if (target == null)
                throw RedrivePolicy.Invalid(json, "Dead letter target does not exist.");
            var targetSettings = target.Settings;
            if (targetSettings.IsFifo != sourceIsFifo)
                throw RedrivePolicy.Invalid(json, "Dead-letter queue must be same type of queue as the source.");
            if (targetSettings.RedriveAllowPolicy != null && !targetSettings.RedriveAllowPolicy.Allows(selfArn))
                throw RedrivePolicy.Invalid(json, "Queue " + policy.DeadLetterTargetArn + " does not allow this queue (" + selfArn + ") to use it as a dead-letter queue: its RedriveAllowPolicy is "
                    + targetSettings.RedriveAllowPolicy.RedrivePermission + ".");
            return policy;
        }

        private static int Integer(string name, string value, int min, int max)
        {
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                throw SqsErrors.InvalidAttributeValue(name, "must be an integer.");
            if (number < min || number > max)
                throw SqsErrors.InvalidAttributeValue(name, string.Format(CultureInfo.InvariantCulture, "must be between {0} and {1}.", min, max));
            return number;
        }

        private static string OneOf(string name, string value, string first, string second)
        {
            if (value == first || value == second) return value;
            throw SqsErrors.InvalidAttributeValue(name, "must be " + first + " or " + second + ".");
        }

        /// <summary>Whether the attributes ask for a FIFO queue (FifoQueue=true); a non-boolean value fails InvalidAttributeValue.</summary>
        public static bool RequestsFifo(IReadOnlyDictionary<string, string>? attributes) =>
            attributes != null && attributes.TryGetValue(QueueAttributeName.FifoQueue, out var value) && Boolean(QueueAttributeName.FifoQueue, value ?? "");

        private static bool Boolean(string name, string value)
        {
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return false;
            throw SqsErrors.InvalidAttributeValue(name, "must be true or false.");
        }
    }
}
