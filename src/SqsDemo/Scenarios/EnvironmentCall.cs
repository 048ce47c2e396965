using System;
using System.Collections.Generic;

namespace SqsDemo.Scenarios
{
    /// <summary>One New-DemoEnvironment call of a scenario script, as far as it can be read without running it.</summary>
    public sealed class EnvironmentCall
    {
        public string Script { get; set; } = "";
        public int Line { get; set; }
        /// <summary>The -Name, or null when it is not known before the script runs.</summary>
        public string? Name { get; set; }
        public string NameText { get; set; } = "";
        public bool Fifo { get; set; }
        public bool ContentBasedDeduplication { get; set; }
        public bool Ledger { get; set; }
        public bool Results { get; set; }
        /// <summary>Whole-number parameters whose value is known statically (-VisibilityTimeout, -MaxReceiveCount, -ReceiveWaitTime).</summary>
        public Dictionary<string, long> Numbers { get; } = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);

        public override string ToString() => $"{Script}:{Line} New-DemoEnvironment -Name {NameText}";
    }
}
