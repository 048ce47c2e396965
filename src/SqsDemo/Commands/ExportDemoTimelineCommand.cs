using System.Globalization;
using System.IO;
using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Engine.Timeline;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Draws a run's journal as a timeline: one self-contained HTML file with a lane per message, queue depth and consumers over scenario time.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "DemoTimeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportDemoTimelineCommand : DemoCmdlet
    {
        private const string ResultSet = "Result";
        private const string SessionSet = "Session";

        /// <summary>What the first input was: one file holds one run.</summary>
        private string? _first;

        /// <summary>A scenario result (Invoke-DemoScenario's output): its journal is drawn.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        [ValidateNotNull]
        public ScenarioResult? InputObject { get; set; }

        /// <summary>The HTML file to write; relative paths are taken from the current location.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>The page's heading (default: the scenario's name, or "SqsDemo session journal").</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>Messages drawn at most, one lane each; the rest are grouped by what happened to them, with counts.</summary>
        [Parameter]
        [ValidateRange(1, 100_000)]
        public int MaxLanes { get; set; } = TimelineRenderOptions.DefaultMaxLanes;

        /// <summary>Writes the file's FileInfo to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Replaces an existing file (without it, an existing file is an error: TimelineFileExists).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The backend whose session journal is drawn, when no result is piped in.</summary>
        [Parameter(ParameterSetName = SessionSet)]
        [ValidateNotNull]
        public DemoRun? Backend { get; set; }

        protected override DemoRun? BackendOverride => Backend;

        protected override void ProcessRecord()
        {
            var source = ParameterSetName == ResultSet ? "scenario " + InputObject!.Name : "the session's journal";
            if (_first != null)
            {
                WriteError(ErrorRecords.Create(ErrorIds.MultipleTimelineInputs, ErrorCategory.InvalidArgument, InputObject,
                    $"One file holds one run: '{Path}' is for {_first}, so {source} was not drawn.",
                    "Pipe one result per file, for example: ... | ForEach-Object { $_ | Export-DemoTimeline -Path ($_.Name + '.html') }"));
                return;
            }
            _first = source;

            var resolved = TimelineFile.Resolve(this, Path, out var invalid);
            if (resolved == null)
            {
                ThrowTerminatingError(invalid!);
                return;
            }
            if (!Force && File.Exists(resolved))
            {
                WriteError(TimelineFile.Exists(Path, resolved));
                return;
            }

            var journal = ParameterSetName == ResultSet ? InputObject!.Journal : ActiveBackend.Journal.Snapshot();
            if (journal.Count == 0)
            {
                WriteError(ErrorRecords.Create(ErrorIds.TimelineJournalEmpty, ErrorCategory.ObjectNotFound, InputObject ?? (object)ActiveBackend,
                    $"The journal of {source} has no events: there is nothing to draw.",
                    "Pipe a scenario result in (Invoke-DemoScenario -Name dup | Export-DemoTimeline -Path dup.html), or draw after sending and consuming messages in this session."));
                return;
            }

            var action = $"Write the timeline of {source} ({journal.Count.ToString("N0", CultureInfo.InvariantCulture)} journal events)";
            if (!ShouldProcessUnlessForced(Force, resolved, action)) return;

            var options = ParameterSetName == ResultSet ? TimelineRenderOptions.For(InputObject!, Title) : SessionOptions();
            options.MaxLanes = MaxLanes;
            WriteVerbose($"{action} to {resolved}.");
            var failed = TimelineFile.Write(Path, resolved, TimelineFile.Render(journal, options), overwrite: Force);
            if (failed != null)
            {
                WriteError(failed);
                return;
            }
            if (PassThru) WriteObject(new FileInfo(resolved));
        }

        private TimelineRenderOptions SessionOptions()
        {
            var backend = ActiveBackend;
            var options = new TimelineRenderOptions { Title = Title ?? "SqsDemo session journal" };
            options.Facts.Add(backend.Description);
            options.Facts.Add("seed " + backend.Seed.ToString(CultureInfo.InvariantCulture));
            options.Facts.Add(backend.ScenarioTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " scenario seconds so far");
            return options;
        }
    }
}
