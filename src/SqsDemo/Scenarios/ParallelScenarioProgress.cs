using System.Management.Automation;

namespace SqsDemo.Scenarios
{
    /// <summary>
    /// Progress of scenarios run side by side: one parent record for the whole batch, and under it
    /// one activity per running scenario, fed by the run bar its own runspace's Invoke-DemoScenario
    /// writes (<see cref="ScenarioProgress"/>), whose status already names the current phase.
    /// Call only on the pipeline thread.
    /// </summary>
    public sealed class ParallelScenarioProgress
    {
        public const int BatchActivityId = 0x5da;
        private const int FirstScenarioActivityId = 0x600;

        private readonly Cmdlet _owner;
        private readonly int _total;
        private readonly ProgressRecord _batch;
        private int _done;

        public ParallelScenarioProgress(Cmdlet owner, int total, int throttleLimit)
        {
            _owner = owner;
            _total = total;
            _batch = new ProgressRecord(BatchActivityId, $"Scenarios, {throttleLimit} at a time", Status());
        }

        public static int ActivityIdOf(int index) => FirstScenarioActivityId + index;

        public void Start() => _owner.WriteProgress(Copy(_batch));

        /// <summary>Shows a record the scenario at <paramref name="index"/> wrote; only its run bar, as that scenario's activity.</summary>
        public void Relay(int index, ProgressRecord record)
        {
            if (record.ActivityId != ScenarioProgress.RunActivityId) return;
            _owner.WriteProgress(new ProgressRecord(ActivityIdOf(index), record.Activity, record.StatusDescription)
            {
                ParentActivityId = BatchActivityId,
                RecordType = record.RecordType,
            });
        }

        public void ScenarioDone()
        {
            _done++;
            _batch.StatusDescription = Status();
            _batch.PercentComplete = _total == 0 ? 100 : _done * 100 / _total;
            _owner.WriteProgress(Copy(_batch));
        }

        public void Complete()
        {
            _batch.RecordType = ProgressRecordType.Completed;
            _owner.WriteProgress(Copy(_batch));
        }

        private string Status() => $"{_done} of {_total} done";

        private static ProgressRecord Copy(ProgressRecord record) => new ProgressRecord(record.ActivityId, record.Activity, record.StatusDescription)
        {
            PercentComplete = record.PercentComplete,
            RecordType = record.RecordType,
        };
    }
}
