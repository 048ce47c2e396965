using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the run's alarms and their states, or with -History their state changes (also of a finished scenario's result).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoAlarm", DefaultParameterSetName = RunSet)]
    [OutputType(typeof(DemoAlarm), typeof(AlarmHistoryItem))]
    public sealed class GetDemoAlarmCommand : DemoBackendCmdlet
    {
        private const string RunSet = "Run";
        private const string ResultSet = "Result";

        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AlarmNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only alarms in (or history items entering) these states.</summary>
        [Parameter]
        public AlarmState[]? State { get; set; }

        /// <summary>The state changes, oldest first, as DescribeAlarmHistory gives them.</summary>
        [Parameter(ParameterSetName = RunSet)]
        public SwitchParameter History { get; set; }

        /// <summary>A finished scenario's result: the state changes its journal recorded.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public ScenarioResult? Result { get; set; }

        protected override void ProcessRecord()
        {
            var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            bool Named(string alarm) => patterns == null || patterns.Any(p => p.IsMatch(alarm));
            if (Result != null || History)
            {
                var events = Result != null ? Result.Journal : ActiveBackend.Journal.Snapshot();
                foreach (var item in events.Select(AlarmHistoryItem.From))
                    if (item != null && Named(item.AlarmName) && (State == null || State.Contains(item.NewState))) WriteObject(item);
                return;
            }
            var alarms = RunAlarms.Of(ActiveBackend).Alarms;
            foreach (var alarm in alarms)
                if (Named(alarm.Name) && (State == null || State.Contains(alarm.State))) WriteObject(alarm);
            ReportMissing(alarms.Select(a => a.Name).ToArray());
        }

        /// <summary>A name without wildcards that matches no alarm is an error, as Get-Item's is.</summary>
        private void ReportMissing(string[] names)
        {
            foreach (var name in Name ?? new string[0])
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !names.Any(n => string.Equals(n, name, System.StringComparison.OrdinalIgnoreCase)))
                    WriteError(ErrorRecords.Create(ErrorIds.AlarmNotFound, ErrorCategory.ObjectNotFound, name,
                        "The run has no alarm '" + name + "'.", "Create it with New-DemoAlarm, or list the run's alarms with Get-DemoAlarm."));
        }
    }
}
