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
            var parts = new List<string> { "max " + o.MaxMessages };
            if (o.WaitTimeSeconds is int wait) parts.Add("wait " + wait + "s");
            if (o.MessageLimit > 0) parts.Add("limit " + o.MessageLimit);
            if (o.IdleTimeoutSeconds > 0) parts.Add("idle " + S(o.IdleTimeoutSeconds) + "s");
            if (o.CrashRate > 0) parts.Add("crash rate " + S(o.CrashRate));
            if (o.CrashAfterReceive) parts.Add("crash after receive");
            if (o.IdempotencyCacheSize > 0) parts.Add("cache " + o.IdempotencyCacheSize);
            if (o.SleepMaxSeconds > 0 || o.SleepMinSeconds > 0) parts.Add("work " + S(o.SleepMinSeconds) + "-" + S(Math.Max(o.SleepMinSeconds, o.SleepMaxSeconds)) + "s");
            if (o.LongSleepEvery > 0) parts.Add("every " + o.LongSleepEvery + "th takes " + S(o.LongSleepSeconds) + "s");
            if (o.UsesLedger) parts.Add("ledger " + o.StatusTable + "/" + o.SideEffectsTable);
            if (o.SideEffectDelaySeconds > 0) parts.Add("side effect " + S(o.SideEffectDelaySeconds) + "s");
            if (o.CrashAfterSideEffect) parts.Add("crash after side effect");
            if (!string.IsNullOrEmpty(o.BusinessIdempotencyField)) parts.Add("business key " + o.BusinessIdempotencyField);
            if (o.HeartbeatSeconds is int heartbeat) parts.Add("heartbeat " + S(heartbeat) + "s");
            if (o.StaleAfterSeconds is int stale) parts.Add("stale after " + S(stale) + "s");
            if (o.BackoffBaseSeconds is double backoff) parts.Add("backoff " + S(backoff) + "s, cap " + S(o.BackoffMaxSeconds) + "s");
            if (o.HandlerFactory != null) parts.Add("own handler");
            if (o.Dependency != null) parts.Add("dependency " + o.Dependency.Name + (o.Breaker == null ? "" : ", breaker " + o.Breaker));
            if (!string.IsNullOrEmpty(o.ForwardQueueUrl)) parts.Add("forwards to " + Environments.QueueAddress.NameOf(o.ForwardQueueUrl!));
            if (!string.IsNullOrEmpty(o.ResultsTable)) parts.Add("results " + o.ResultsTable);
            if (o.BatchSize is int batch) parts.Add("batches of " + S(batch) + (o.BatchWindowSeconds > 0 ? " within " + S(o.BatchWindowSeconds) + "s" : ""));
            return string.Join(", ", parts);
        }

        private static string S(double value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
