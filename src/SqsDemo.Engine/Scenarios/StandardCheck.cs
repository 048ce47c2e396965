using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Environments;

namespace SqsDemo.Engine.Scenarios
{
    /// <summary>The checks most scenarios end with, each read from the broker's state or the accounting.</summary>
    public enum StandardCheck
    {
        /// <summary>"queue empty (visible + in flight)": nothing visible or in flight in the environment's queue.</summary>
        Drained,
        /// <summary>"DLQ empty": nothing visible in its dead-letter queue.</summary>
        DeadLetterEmpty,
        /// <summary>"nothing lost": Get-DemoAccounting's Unaccounted is 0.</summary>
        NothingLost,
        /// <summary>
        /// "no side effect written twice": no key of the side-effects table written more than once, by any consumer, an
        /// overwrite included; when one was, the detail says by whom and after which receive. Not among the defaults.
        /// </summary>
        SideEffectsOnce,
    }

    /// <summary>Takes the standard checks of one environment, in the order asked, under the names scenarios have always used.</summary>
    public static class StandardChecks
    {
        public const string DrainedName = "queue empty (visible + in flight)";
        public const string DeadLetterEmptyName = "DLQ empty";
        public const string NothingLostName = "nothing lost";

        public static async Task<IReadOnlyList<ScenarioCheck>> TakeAsync(DemoRun backend, DemoEnvironment environment, IReadOnlyList<StandardCheck> checks,
            CancellationToken cancellationToken = default)
        {
            var queue = await QueueStatistics.ReadAsync(backend.Broker, environment.QueueUrl, environment.DeadLetterQueueUrl, cancellationToken).ConfigureAwait(false);
            MessageAccounting? accounting = null;
            var taken = new List<ScenarioCheck>();
            foreach (var check in checks)
            {
                switch (check)
                {
                    case StandardCheck.Drained:
                        taken.Add(Zero(DrainedName, queue.Visible + queue.InFlight));
                        break;
                    case StandardCheck.DeadLetterEmpty:
                        taken.Add(Zero(DeadLetterEmptyName, queue.DeadLetterVisible ?? 0));
                        break;
                    case StandardCheck.NothingLost:
                        accounting ??= await MessageAccounting.TakeAsync(backend, environment, cancellationToken).ConfigureAwait(false);
                        taken.Add(Zero(NothingLostName, accounting.Unaccounted, accounting.UnaccountedIds.Length == 0 ? null : "lost: " + string.Join(", ", accounting.UnaccountedIds)));
                        break;
                    case StandardCheck.SideEffectsOnce:
                        taken.Add(SideEffectsOnceCheck.Take(backend.Journal.Snapshot(), environment));
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(checks), check, "Not a standard check.");
                }
            }
            return taken;
        }

        private static ScenarioCheck Zero(string name, int actual, string? detail = null) => new ScenarioCheck(name, actual == 0, 0, actual, detail);
    }
}
