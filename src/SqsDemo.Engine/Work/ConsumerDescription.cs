using System;
using System.Collections.Generic;
using System.Globalization;

namespace SqsDemo.Engine.Work
{
    /// <summary>The consumer's knobs in a line, for its ConsumerStarted event.</summary>
    internal static class ConsumerDescription
    {
        public static string Of(ConsumerOptions o)
        {
            var parts = new List<string> { "max " + o.Receive.MaxMessages };
            if (o.Receive.WaitTimeSeconds is int wait) parts.Add("wait " + wait + "s");
            if (o.Receive.MessageLimit > 0) parts.Add("limit " + o.Receive.MessageLimit);
            if (o.Receive.IdleTimeoutSeconds > 0) parts.Add("idle " + S(o.Receive.IdleTimeoutSeconds) + "s");
            if (o.Chaos.CrashRate > 0) parts.Add("crash rate " + S(o.Chaos.CrashRate));
            if (o.Chaos.CrashAfterReceive) parts.Add("crash after receive");
            if (o.Work.IdempotencyCacheSize > 0) parts.Add("cache " + o.Work.IdempotencyCacheSize);
            if (o.Work.SleepMaxSeconds > 0 || o.Work.SleepMinSeconds > 0) parts.Add("work " + S(o.Work.SleepMinSeconds) + "-" + S(Math.Max(o.Work.SleepMinSeconds, o.Work.SleepMaxSeconds)) + "s");
            if (o.Chaos.LongSleepEvery > 0) parts.Add("every " + o.Chaos.LongSleepEvery + "th takes " + S(o.Chaos.LongSleepSeconds) + "s");
            if (o.Ledger.UsesLedger) parts.Add("ledger " + o.Ledger.StatusTable + "/" + o.Ledger.SideEffectsTable);
            if (o.Ledger.SideEffectDelaySeconds > 0) parts.Add("side effect " + S(o.Ledger.SideEffectDelaySeconds) + "s");
            if (o.Chaos.CrashAfterSideEffect) parts.Add("crash after side effect");
            if (!string.IsNullOrEmpty(o.Ledger.BusinessIdempotencyField)) parts.Add("business key " + o.Ledger.BusinessIdempotencyField);
            if (o.Receive.HeartbeatSeconds is int heartbeat) parts.Add("heartbeat " + S(heartbeat) + "s");
            if (o.Receive.LeaseGuard) parts.Add("lease guard");
            if (o.Receive.StaleAfterSeconds is double stale) parts.Add("stale after " + S(stale) + "s");
            if (o.Receive.BackoffBaseSeconds is double backoff) parts.Add("backoff " + S(backoff) + "s, cap " + S(o.Receive.BackoffMaxSeconds) + "s");
            if (o.Work.HandlerFactory != null) parts.Add("own handler");
            if (o.Work.Dependency != null) parts.Add("dependency " + o.Work.Dependency.Name + (o.Work.Breaker == null ? "" : ", breaker " + o.Work.Breaker));
            if (!string.IsNullOrEmpty(o.Forward.QueueUrl)) parts.Add("forwards to " + Environments.QueueAddress.NameOf(o.Forward.QueueUrl!));
            if (!string.IsNullOrEmpty(o.Ledger.ResultsTable)) parts.Add("results " + o.Ledger.ResultsTable);
            if (o.Batch.Size is int batch) parts.Add("batches of " + S(batch) + (o.Batch.WindowSeconds > 0 ? " within " + S(o.Batch.WindowSeconds) + "s" : ""));
            return string.Join(", ", parts);
        }

        private static string S(double value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
