namespace SqsDemo.Scenarios
{
    /// <summary>One scenario Invoke-DemoScenario was asked to run, with the timeline file (checked beforehand) to write for it.</summary>
    public sealed class ScenarioRequest
    {
        public ScenarioRequest(ScenarioInfo script, string? timelineFile)
        {
            Script = script;
            TimelineFile = timelineFile;
        }

        public ScenarioInfo Script { get; }

        /// <summary>The resolved -TimelinePath, or null.</summary>
        public string? TimelineFile { get; }
    }
}
