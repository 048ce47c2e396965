using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Outside
{
    /// <summary>A consumer of the user's own, run as a process against an endpoint: what to run, where, with what, and how it is ended.</summary>
    public sealed class OutsideConsumerOptions
    {
        /// <summary>ECS's default stopTimeout: the seconds between SIGTERM and SIGKILL.</summary>
        public const double DefaultStopTimeoutSeconds = 30;

        public OutsideConsumerOptions(ConsumerCommandLine command, string consumerId, string queueUrl)
        {
            Command = command ?? throw new ArgumentNullException(nameof(command));
            ConsumerId = consumerId ?? throw new ArgumentNullException(nameof(consumerId));
            QueueUrl = queueUrl ?? throw new ArgumentNullException(nameof(queueUrl));
        }

        public ConsumerCommandLine Command { get; }
        /// <summary>The consumer's name: its access key id, so the journal's actor (consumer-2, then consumer-2#2 after a restart).</summary>
        public string ConsumerId { get; }
        /// <summary>The queue, as the broker names it (the process is given the endpoint's form).</summary>
        public string QueueUrl { get; }
        public string? WorkingDirectory { get; set; }
        public string? StatusTable { get; set; }
        public string? SideEffectsTable { get; set; }
        /// <summary>The entity-versions table, given when the scenario asks for versioning (ENTITY_VERSIONS_TABLE).</summary>
        public string? VersionsTable { get; set; }
        /// <summary>The seeds' knobs the scenario sets (WAIT_TIME_SECONDS, REJECT_PAYLOAD_MARKER, ...).</summary>
        public IDictionary<string, string> Knobs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>The user's own variables, laid over everything else (a null value removes one).</summary>
        public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);
        public ProcessKillPlan Kills { get; set; } = new ProcessKillPlan();
        /// <summary>Start a fresh process after a crash or a kill, as ECS replaces a stopped task.</summary>
        public bool RestartOnCrash { get; set; }
        /// <summary>Scenario seconds before a restart.</summary>
        public double RestartDelaySeconds { get; set; } = 1;
        /// <summary>Wall seconds a stopped consumer has to finish after SIGTERM before SIGKILL: its own time, not the scenario's.</summary>
        public double StopTimeoutSeconds { get; set; } = DefaultStopTimeoutSeconds;

        public void Validate()
        {
            Kills.Validate();
            if (Kills.AfterSideEffect && SideEffectsTable == null)
                throw new ArgumentException("A kill after the side effect needs the side-effects table to watch: give the consumer a ledger (-Ledger, or -SideEffectsTable).");
            if (StopTimeoutSeconds < 0) throw new ArgumentException("The stop timeout is 0 seconds or more.");
            if (RestartDelaySeconds < 0) throw new ArgumentException("The restart delay is 0 seconds or more.");
        }
    }
}
