namespace SqsDemo.Engine.Environments.Preflight
{
    /// <summary>
    /// What one scenario needs of an environment, as its script creates it (New-DemoEnvironment's -Name, -Fifo,
    /// -ContentBasedDeduplication, -Ledger, the numbers it passes, or New-DemoEnvironment's defaults where it passes none).
    /// </summary>
    public sealed class EnvironmentNeed
    {
        public string Scenario { get; set; } = "";
        public string Name { get; set; } = "";
        public bool Fifo { get; set; }
        public bool ContentBasedDeduplication { get; set; }
        public bool Ledger { get; set; }
        public bool Results { get; set; }
        public long VisibilityTimeout { get; set; } = new EnvironmentSpec().VisibilityTimeout;
        public long ReceiveWaitTime { get; set; } = new EnvironmentSpec().ReceiveWaitTime;
        public long MaxReceiveCount { get; set; } = new EnvironmentSpec().MaxReceiveCount;

        public override string ToString() => Name;
    }
}
