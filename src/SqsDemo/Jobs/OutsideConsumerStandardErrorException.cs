using System;

namespace SqsDemo.Jobs
{
    /// <summary>A line an outside consumer wrote to standard error, as a job's error record carries it (as PowerShell does for a native command's).</summary>
    public sealed class OutsideConsumerStandardErrorException : Exception
    {
        public OutsideConsumerStandardErrorException(string line) : base(line) { }
    }
}
