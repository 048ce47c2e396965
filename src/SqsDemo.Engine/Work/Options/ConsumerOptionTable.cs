using System.Collections.Generic;
using V = SqsDemo.Engine.Work.ReferenceConsumerVariables;
using P = SqsDemo.Engine.Work.VariableValue;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// Every consumer option that a Start-DemoConsumer parameter or one of the seeds' environment
    /// variables sets, each once: the cmdlet applies the parameters through it, <see cref="ReferenceConsumerVariables"/>
    /// reads the variables through it, and the help test checks the help names them all. Options that
    /// take more than one value (-Handler, the breaker, -StoreResults, -Ledger) the cmdlet builds itself.
    /// </summary>
    public static class ConsumerOptionTable
    {
        private const EmptyVariableValue Ignored = EmptyVariableValue.Ignored;
        private const EmptyVariableValue IgnoredWhenBlank = EmptyVariableValue.IgnoredWhenBlank;

        public static IReadOnlyList<ConsumerOption> Rows { get; } = new[]
        {
            // Which queue, and the records written.
            ConsumerOption.Of<string?>("QueueUrl", V.QueueUrl, (o, v) => { if (v != null) o.QueueUrl = v; }, P.Text),
            ConsumerOption.Of<ConsumerLogLevel>("LogLevel", V.LogLevel, (o, v) => o.LogLevel = v, P.Level, Ignored),
            // Receive.
            ConsumerOption.Of<int?>("WaitTimeSeconds", V.WaitTimeSeconds, (o, v) => o.Receive.WaitTimeSeconds = v, (n, v) => P.Int(n, v)),
            ConsumerOption.Of<int>("MaxMessages", V.MaxMessages, (o, v) => o.Receive.MaxMessages = v, P.Int),
            ConsumerOption.Of<int?>("VisibilityTimeout", null, (o, v) => o.Receive.VisibilityTimeout = v),
            ConsumerOption.Of<int>("MessageLimit", V.MessageLimit, (o, v) => o.Receive.MessageLimit = v, P.Int),
            ConsumerOption.Of<double>("IdleTimeoutSeconds", V.IdleTimeoutSeconds, (o, v) => o.Receive.IdleTimeoutSeconds = v, P.Number),
            ConsumerOption.Of<int?>("HeartbeatSeconds", V.HeartbeatSeconds, (o, v) => o.Receive.HeartbeatSeconds = v, (n, v) => P.Int(n, v), IgnoredWhenBlank),
            ConsumerOption.Of<bool>("LeaseGuard", null, (o, v) => o.Receive.LeaseGuard = v),
            ConsumerOption.Of<double?>("StaleAfterSeconds", V.StaleAfterSeconds, (o, v) => o.Receive.StaleAfterSeconds = v, (n, v) => P.Number(n, v), IgnoredWhenBlank),
            ConsumerOption.Of<double?>("BackoffBaseSeconds", V.BackoffBaseSeconds, (o, v) => o.Receive.BackoffBaseSeconds = v, (n, v) => P.Number(n, v), IgnoredWhenBlank),
            ConsumerOption.Of<int>("BackoffMaxSeconds", V.BackoffMaxSeconds, (o, v) => o.Receive.BackoffMaxSeconds = v, P.Int, IgnoredWhenBlank),
            ConsumerOption.Of<double>("MaxOutageSeconds", null, (o, v) => o.Receive.MaxOutageSeconds = v),
            // Chaos.
            ConsumerOption.Of<double>("CrashRate", V.CrashRate, (o, v) => o.Chaos.CrashRate = v, P.Number),
            ConsumerOption.Of<bool>("CrashAfterReceive", V.CrashAfterReceive, (o, v) => o.Chaos.CrashAfterReceive = v, P.Flag),
            ConsumerOption.Of<bool>("CrashAfterSideEffect", V.CrashAfterSideEffect, (o, v) => o.Chaos.CrashAfterSideEffect = v, P.Flag),
            ConsumerOption.Of<double>("LongSleepSeconds", V.LongSleepSeconds, (o, v) => o.Chaos.LongSleepSeconds = v, P.Number),
            ConsumerOption.Of<int>("LongSleepEvery", V.LongSleepEvery, (o, v) => o.Chaos.LongSleepEvery = v, P.Int),
            ConsumerOption.Of<bool>("RestartOnCrash", null, (o, v) => o.Chaos.RestartOnCrash = v),
            // Work.
            ConsumerOption.Of<double>("SleepMinSeconds", V.SleepMinSeconds, (o, v) => o.Work.SleepMinSeconds = v, P.Number),
            ConsumerOption.Of<double>("SleepMaxSeconds", V.SleepMaxSeconds, (o, v) => o.Work.SleepMaxSeconds = v, P.Number),
            ConsumerOption.Of<string?>("RejectPayloadMarker", V.RejectPayloadMarker, (o, v) => o.Work.RejectPayloadMarker = v, P.Text),
            ConsumerOption.Of<int>("IdempotencyCacheSize", V.IdempotencyCacheSize, (o, v) => o.Work.IdempotencyCacheSize = v, P.Int),
            ConsumerOption.Of<SimulatedDependency?>("Dependency", null, (o, v) => o.Work.Dependency = v),
            // Ledger: tables, side effects and versioning, or the seeds' files instead.
            ConsumerOption.Of<string?>("StatusTable", V.MessageStatusTable, (o, v) => o.Ledger.StatusTable = v, P.Text, Ignored, ParameterTakesEffect.WhenNotEmpty),
            ConsumerOption.Of<string?>("SideEffectsTable", V.MessageSideEffectsTable, (o, v) => o.Ledger.SideEffectsTable = v, P.Text, Ignored, ParameterTakesEffect.WhenNotEmpty),
            ConsumerOption.Of<string?>("EffectLogTable", V.EffectLogTable, (o, v) => o.Ledger.EffectLogTable = v, P.Text, Ignored, ParameterTakesEffect.WhenNotEmpty),
            ConsumerOption.Of<string?>("VersionsTable", V.EntityVersionsTable, (o, v) => o.Ledger.VersionsTable = v, P.Text, Ignored, ParameterTakesEffect.WhenNotEmpty),
            ConsumerOption.Of<double>("SideEffectDelaySeconds", V.SideEffectDelaySeconds, (o, v) => o.Ledger.SideEffectDelaySeconds = v, P.Number),
            ConsumerOption.Of<string?>("BusinessIdempotencyField", V.BusinessIdempotencyField, (o, v) => o.Ledger.BusinessIdempotencyField = v, P.Text, Ignored),
            ConsumerOption.Of<string?>("SideEffectLogField", V.SideEffectLogField, (o, v) => o.Ledger.SideEffectLogField = v, P.Trimmed, IgnoredWhenBlank),
            ConsumerOption.Of<string?>(null, V.SideEffectLogPath, (o, v) => o.Ledger.SideEffectLogPath = v, P.Trimmed, IgnoredWhenBlank),
            ConsumerOption.Of<bool>("Versioning", V.VersioningEnabled, (o, v) => o.Ledger.Versioning = v, P.Flag, IgnoredWhenBlank),
            ConsumerOption.Of<string>("EntityKey", V.EntityKey, (o, v) => o.Ledger.EntityKey = v, (n, v) => v.Trim(), IgnoredWhenBlank),
            ConsumerOption.Of<string>("VersionKey", V.VersionKey, (o, v) => o.Ledger.VersionKey = v, (n, v) => v.Trim(), IgnoredWhenBlank),
            ConsumerOption.Of<bool>("LastWriteWins", null, (o, v) => o.Ledger.LastWriteWins = v),
            ConsumerOption.Of<string?>(null, V.VersionStatePath, (o, v) => o.Ledger.VersionStatePath = v, P.Trimmed, IgnoredWhenBlank),
            ConsumerOption.Of<string?>(null, V.VersionLogPath, (o, v) => o.Ledger.VersionLogPath = v, P.Trimmed, IgnoredWhenBlank),
            ConsumerOption.Of<string?>(null, V.VersionSeenLogPath, (o, v) => o.Ledger.VersionSeenLogPath = v, P.Trimmed, IgnoredWhenBlank),
            // Forward and batch.
            ConsumerOption.Of<string?>("ForwardQueueUrl", null, (o, v) => o.Forward.QueueUrl = v),
            ConsumerOption.Of<string?>("ForwardGroupIdField", null, (o, v) => o.Forward.GroupIdField = v),
            ConsumerOption.Of<int?>("BatchSize", null, (o, v) => o.Batch.Size = v),
            ConsumerOption.Of<double>("BatchWindowSeconds", null, (o, v) => o.Batch.WindowSeconds = v),
        };
    }
}
