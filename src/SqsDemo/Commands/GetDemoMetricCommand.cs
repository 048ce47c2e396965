using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Metrics;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads a run's metrics as CloudWatch defines them: a datapoint per period for each queue, from the journal.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoMetric", DefaultParameterSetName = RunSet)]
    [OutputType(typeof(MetricDatapoint))]
    public sealed class GetDemoMetricCommand : DemoBackendCmdlet
    {
        private const string RunSet = "Run";
        private const string ResultSet = "Result";

        /// <summary>AWS/SQS metric names (NumberOfMessagesSent, ApproximateNumberOfMessagesVisible, ...) and the consumers' (MessagesProcessed, ...).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(MetricNameCompleter))]
        public string[] MetricName { get; set; } = Array.Empty<string>();

        /// <summary>The queue; without it (and without -Environment), every queue the journal names.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        /// <summary>An environment: its queue and its dead-letter queue.</summary>
        [Parameter]
        public DemoEnvironment? Environment { get; set; }

        /// <summary>The statistic; by default Sum for counts, Average for SentMessageSize, Maximum for gauges.</summary>
        [Parameter]
        public MetricStatistic? Statistic { get; set; }

        /// <summary>Scenario seconds per datapoint: 1, 5, 10, 30 or a multiple of 60.</summary>
        [Parameter]
        public int PeriodSeconds { get; set; } = 60;

        /// <summary>A finished scenario's result: its journal instead of the session's run.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public ScenarioResult? Result { get; set; }

        protected override string? TargetQueueUrl => Result != null ? null : QueueUrl ?? Environment?.QueueUrl;

        protected override void ProcessRecord()
        {
            if (!MetricCatalog.IsValidPeriod(PeriodSeconds)) ThrowTerminatingError(ErrorRecords.InvalidMetricPeriod(PeriodSeconds, alarm: false));
            var metrics = new List<MetricDefinition>();
            foreach (var name in MetricName)
            {
                var metric = MetricCatalog.Find(name);
                if (metric == null) WriteError(ErrorRecords.UnknownMetricName(name));
                else metrics.Add(metric);
            }
            var (events, startedAt, end) = Source();
            if (events.Count == 0) return;
            foreach (var queue in Queues(events))
                foreach (var metric in metrics)
                    foreach (var point in JournalMetrics.Series(events, startedAt, end, queue, metric, Statistic ?? metric.DefaultStatistic, PeriodSeconds).Datapoints)
                        WriteObject(point);
        }

        private (IReadOnlyList<JournalEvent> Events, DateTimeOffset StartedAt, TimeSpan End) Source()
        {
            if (Result != null)
            {
                var journal = Result.Journal;
                var startedAt = journal.Count == 0 ? default : journal[0].Time - journal[0].ScenarioTime;
                var end = journal.Count == 0 ? TimeSpan.Zero : new[] { Result.ScenarioDuration, journal[journal.Count - 1].ScenarioTime }.Max();
                return (journal, startedAt, end);
            }
            var run = ActiveBackend;
            return (run.Journal.Snapshot(), run.Journal.StartedAt, run.ScenarioTime);
        }

        private IEnumerable<string> Queues(IReadOnlyList<JournalEvent> events)
        {
            if (!string.IsNullOrEmpty(QueueUrl)) return new[] { QueueUrl! };
            if (Environment != null)
                return new[] { Environment.QueueUrl, Environment.DeadLetterQueueUrl }.Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal);
            return JournalMetrics.QueuesOf(events);
        }
    }
}
