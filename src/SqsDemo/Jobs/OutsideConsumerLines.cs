using System.Management.Automation;
using SqsDemo.Engine.Outside;

namespace SqsDemo.Jobs
{
    /// <summary>How a consumer process's standard error reaches PowerShell, in a job and in the foreground alike.</summary>
    internal static class OutsideConsumerLines
    {
        public const string StandardErrorTag = "stderr";

        public static InformationRecord Information(ProcessOutputLine line)
        {
            var record = new InformationRecord(line.Text, line.ConsumerId);
            record.Tags.Add(StandardErrorTag);
            return record;
        }
    }
}
