using System;
using System.Globalization;

namespace SqsDemo.Engine.Work
{
    /// <summary>How fast a burst went out: what the seeds' producer prints when it has sent.</summary>
    public sealed class SendThroughput
    {
        public SendThroughput(string queueUrl, int sent, int failed, TimeSpan elapsed)
        {
            QueueUrl = queueUrl;
            Sent = sent;
            Failed = failed;
            Elapsed = elapsed;
        }

        public string QueueUrl { get; }
        public int Sent { get; }
        public int Failed { get; }
        /// <summary>Wall-clock time from the first send to the last answer.</summary>
        public TimeSpan Elapsed { get; }
        /// <summary>Messages sent per wall-clock second; 0 when nothing was sent.</summary>
        public double MessagesPerSecond => Sent == 0 || Elapsed <= TimeSpan.Zero ? 0 : Sent / Elapsed.TotalSeconds;

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "Sent {0} message(s) in {1:0.###} s ({2:0.#} messages/s){3}", Sent, Elapsed.TotalSeconds, MessagesPerSecond,
            Failed > 0 ? ", " + Failed.ToString(CultureInfo.InvariantCulture) + " failed" : "");
    }
}
