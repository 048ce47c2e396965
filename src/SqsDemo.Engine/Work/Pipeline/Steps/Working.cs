using System;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>The built-in work simulation: time spent on the message, on the backend's clock.</summary>
    internal static class Working
    {
        public static async Task<StepResult> WorkAsync(Incarnation consumer, MessageInHand message)
        {
            message.WorkTime = WorkTime(consumer, message.Ordinal);
            if (message.WorkTime > TimeSpan.Zero) await consumer.Clock.Delay(message.WorkTime).ConfigureAwait(false);
            return StepResult.Continue;
        }

        /// <summary>Random between min and max (one draw when they differ), and at least LongSleepSeconds for every Nth message.</summary>
        private static TimeSpan WorkTime(Incarnation consumer, int ordinal)
        {
            var options = consumer.Options;
            var seconds = options.Work.SleepMinSeconds;
            if (options.Work.SleepMaxSeconds > options.Work.SleepMinSeconds)
                seconds += consumer.Random.NextDouble() * (options.Work.SleepMaxSeconds - options.Work.SleepMinSeconds);
            if (options.Chaos.LongSleepEvery > 0 && ordinal % options.Chaos.LongSleepEvery == 0)
                seconds = Math.Max(seconds, options.Chaos.LongSleepSeconds);
            return TimeSpan.FromSeconds(seconds);
        }
    }
}
