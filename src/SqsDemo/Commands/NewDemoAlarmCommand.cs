using System;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Metrics;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Attaches a CloudWatch-style metric alarm to the run: evaluated each period on the scenario clock, its state changes journaled.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DemoAlarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DemoAlarm))]
    public sealed class NewDemoAlarmCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(MetricNameCompleter))]
        public string MetricName { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string QueueUrl { get; set; } = "";

        /// <summary>By default Sum for counts, Average for SentMessageSize, Maximum for gauges.</summary>
        [Parameter]
        public MetricStatistic? Statistic { get; set; }

        /// <summary>10, 30 or a multiple of 60 scenario seconds.</summary>
        [Parameter]
        public int PeriodSeconds { get; set; } = 60;

        [Parameter(Mandatory = true)]
        public double Threshold { get; set; }

        [Parameter]
        public ComparisonOperator ComparisonOperator { get; set; } = ComparisonOperator.GreaterThanThreshold;

        /// <summary>N: the most recent periods evaluated.</summary>
        [Parameter]
        public int EvaluationPeriods { get; set; } = 1;

        /// <summary>M of the N that must breach for ALARM; N when not given.</summary>
        [Parameter]
        public int? DatapointsToAlarm { get; set; }

        [Parameter]
        public TreatMissingData TreatMissingData { get; set; } = TreatMissingData.Missing;

        /// <summary>Attaches the alarm without asking, even when $ConfirmPreference asks for medium-impact changes.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        protected override void ProcessRecord()
        {
            var metric = MetricCatalog.Find(MetricName);
            if (metric == null) ThrowTerminatingError(ErrorRecords.UnknownMetricName(MetricName));
            if (!AlarmDefinition.IsValidPeriod(PeriodSeconds)) ThrowTerminatingError(ErrorRecords.InvalidMetricPeriod(PeriodSeconds, alarm: true));
            AlarmDefinition definition;
            try
            {
                definition = new AlarmDefinition(Name, metric!, QueueUrl, Statistic ?? metric!.DefaultStatistic, PeriodSeconds, Threshold, ComparisonOperator,
                    EvaluationPeriods, DatapointsToAlarm, TreatMissingData);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidAlarmDefinition, ErrorCategory.InvalidArgument, Name, e.Message,
                    "Give 1 <= -DatapointsToAlarm <= -EvaluationPeriods, and at most a day of periods."));
                return;
            }
            if (!ShouldProcessUnlessForced(Force, Name, "Attach alarm on " + metric!.Name + " of " + QueueUrl)) return;
            var run = ActiveBackend;
            // Off the embedded backend the alarm's gauges come from the queues' own attributes, sampled once a minute.
            if (run.Kind != Engine.Backends.BackendKind.Embedded) QueueAttributeSampler.Start(run, TimeSpan.FromSeconds(JournalMetrics.GaugeReportSeconds));
            WriteObject(RunAlarms.Of(run).Put(definition));
        }
    }
}
