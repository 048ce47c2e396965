using System.Linq;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Every cmdlet that needs a queue says QueueNotSpecified, with how to give one, when it has none.</summary>
    public sealed class QueueNotSpecifiedTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public QueueNotSpecifiedTests(ModuleSession session) => _session = session;

        [Theory]
        [InlineData("Send-DemoMessage -Count 1", "SendDemoMessageCommand")]
        [InlineData("Start-DemoProducer -Rate 5", "StartDemoProducerCommand")]
        [InlineData("Invoke-DemoAutoscaler", "InvokeDemoAutoscalerCommand")]
        public void A_cmdlet_that_cannot_go_on_stops(string command, string type)
        {
            var error = _session.RunExpectingTerminatingError(command);
            Assert.Equal("QueueNotSpecified,SqsDemo.Commands." + type, error.FullyQualifiedErrorId);
            Assert.Contains("-QueueUrl", error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void A_receive_without_a_dead_letter_queue_writes_the_error_and_goes_on()
        {
            var result = _session.Run("Receive-DemoMessage -QueueUrl $null -DeadLetter; 'went on'");
            Assert.Equal("QueueNotSpecified,SqsDemo.Commands.ReceiveDemoMessageCommand", result.Errors.Single().FullyQualifiedErrorId);
            Assert.Equal("went on", result.Output.Last().ToString());
        }
    }
}
