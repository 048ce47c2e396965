using System;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Work
{
    /// <summary>The knobs of a queue-depth autoscaler (the seeds' backpressure monitor).</summary>
    public sealed class AutoscalerOptions
    {
        /// <summary>Scenario seconds between two looks at the queue.</summary>
        public double IntervalSeconds { get; set; } = 5;
        /// <summary>A consumer is added on each tick while visible depth is at or above this.</summary>
        public int ScaleOutDepth { get; set; } = 10;
        /// <summary>Consumers started before the first tick.</summary>
        public int InitialConsumers { get; set; } = 1;
        public int MaxConsumers { get; set; } = 10;
        /// <summary>Ticks in a row below <see cref="ScaleOutDepth"/>, with work done, before the producer is stopped.</summary>
        public int QuietTicks { get; set; } = 3;
        /// <summary>Scenario seconds after which the autoscaler gives up waiting for the queue to drain.</summary>
        public double TimeoutSeconds { get; set; } = 3600;

        public void Validate()
        {
            if (!(IntervalSeconds > 0) || double.IsInfinity(IntervalSeconds)) throw new ArgumentOutOfRangeException(nameof(IntervalSeconds), IntervalSeconds, "IntervalSeconds must be above 0.");
            if (ScaleOutDepth < 1) throw new ArgumentOutOfRangeException(nameof(ScaleOutDepth), ScaleOutDepth, "ScaleOutDepth must be 1 or more.");
            if (MaxConsumers < 1) throw new ArgumentOutOfRangeException(nameof(MaxConsumers), MaxConsumers, "MaxConsumers must be 1 or more.");
            if (InitialConsumers < 0 || InitialConsumers > MaxConsumers) throw new ArgumentOutOfRangeException(nameof(InitialConsumers), InitialConsumers, "InitialConsumers must be between 0 and MaxConsumers.");
            if (QuietTicks < 1) throw new ArgumentOutOfRangeException(nameof(QuietTicks), QuietTicks, "QuietTicks must be 1 or more.");
            if (!(TimeoutSeconds >= IntervalSeconds)) throw new ArgumentOutOfRangeException(nameof(TimeoutSeconds), TimeoutSeconds, "TimeoutSeconds must be at least IntervalSeconds.");
        }
    }

    /// <summary>What the autoscaler does on a tick.</summary>
    [Flags]
    public enum AutoscalerAction
    {
        None = 0,
        ScaleOut = 1,
        StopProducer = 2,
        /// <summary>The producer is done and nothing is visible or in flight: the autoscaler's work is over.</summary>
        Drained = 4,
    }

    /// <summary>One look at the queue, and what was decided.</summary>
    public sealed class AutoscalerTick
    {
        public int Number { get; set; }
        public TimeSpan ScenarioTime { get; set; }
        public long Visible { get; set; }
        public long InFlight { get; set; }
        /// <summary>Consumers running when the tick looked (before any scale-out it decided).</summary>
        public int Consumers { get; set; }
        public long Processed { get; set; }
        public AutoscalerAction Action { get; set; }
    }

    /// <summary>How an autoscaler run went.</summary>
    public sealed class AutoscalerReport
    {
        public string QueueUrl { get; set; } = "";
        public IReadOnlyList<AutoscalerTick> Ticks { get; set; } = Array.Empty<AutoscalerTick>();
        /// <summary>The most consumers running at once.</summary>
        public int PeakConsumers { get; set; }
        public int ConsumersStarted { get; set; }
        public TimeSpan? ProducerStoppedAt { get; set; }
        public TimeSpan? DrainedAt { get; set; }
        public bool TimedOut { get; set; }
        public long PeakVisible => Ticks.Count == 0 ? 0 : Ticks.Max(t => t.Visible);
    }

    /// <summary>
    /// The decisions of a queue-depth autoscaler, apart from how consumers are started or the
    /// queue is read: add a consumer while visible depth stays at or above the threshold (up to
    /// the maximum); once depth has stayed below it for <see cref="AutoscalerOptions.QuietTicks"/>
    /// ticks with work done, stop the producer; after that, report the queue drained when nothing
    /// is visible or in flight.
    /// </summary>
    public sealed class AutoscalerPolicy
    {
        private readonly AutoscalerOptions _options;
        private int _quietStreak;

        public AutoscalerPolicy(AutoscalerOptions options)
        {
            options.Validate();
            _options = options;
        }

        public AutoscalerAction Decide(long visible, long inFlight, int consumers, bool producerRunning, long processed)
        {
            var action = AutoscalerAction.None;
            var deep = visible >= _options.ScaleOutDepth;
            if (deep && consumers < _options.MaxConsumers) action |= AutoscalerAction.ScaleOut;
            if (producerRunning)
            {
                _quietStreak = deep || processed == 0 ? 0 : _quietStreak + 1;
                if (_quietStreak >= _options.QuietTicks) action |= AutoscalerAction.StopProducer;
            }
            else if (visible == 0 && inFlight == 0)
            {
                action |= AutoscalerAction.Drained;
            }
            return action;
        }
    }
}
