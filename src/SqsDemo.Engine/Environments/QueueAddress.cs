using System;

namespace SqsDemo.Engine.Environments
{
    /// <summary>
    /// What a queue URL says on its own: the queue's name (its last segment), whether it is FIFO (the name
    /// ends in ".fifo", as SQS requires), and the name its environment's tables go by. Every backend's URLs
    /// end in the queue's name, so no broker need be asked.
    /// </summary>
    public static class QueueAddress
    {
        /// <summary>SQS's suffix for FIFO queue names.</summary>
        public const string FifoSuffix = ".fifo";

        /// <summary>The queue's name: the last segment of its URL.</summary>
        public static string NameOf(string queueUrl)
        {
            if (queueUrl == null) throw new ArgumentNullException(nameof(queueUrl));
            return queueUrl.Substring(queueUrl.LastIndexOf('/') + 1);
        }

        /// <summary>The queue's name, or null for no URL.</summary>
        public static string? NameOrNull(string? queueUrl) => queueUrl == null ? null : NameOf(queueUrl);

        public static bool IsFifo(string queueUrl) => NameOf(queueUrl).EndsWith(FifoSuffix, StringComparison.Ordinal);

        /// <summary>A queue's name for an environment name: FIFO queues carry ".fifo", the environment (and its tables) do not.</summary>
        public static string QueueNameFor(string environmentName, bool fifo) => fifo ? environmentName + FifoSuffix : environmentName;

        /// <summary>The environment's name (with its run prefix) from its queue's URL: the queue's name without ".fifo".</summary>
        public static string EnvironmentNameOf(string queueUrl)
        {
            var name = NameOf(queueUrl);
            return IsFifo(queueUrl) ? name.Substring(0, name.Length - FifoSuffix.Length) : name;
        }
    }
}
