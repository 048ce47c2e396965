using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Tests.Shell;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// -FromEnvironmentVariables as the seeds run their consumer and producer: a fresh session (no
    /// Connect-DemoBackend) given only QUEUE_URL, AWS_ENDPOINT_URL and AWS_REGION (and the seeds'
    /// knobs) works on the queue at that endpoint. Each run is a shell process of its own, so these
    /// variables never reach the other tests of this process.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class ReferenceConsumerVariablesMotoTests : IDisposable
    {
        private readonly MotoServer _moto;
        private readonly AwsBroker _broker;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqsdemo-seedenv-" + Guid.NewGuid().ToString("N"));

        public ReferenceConsumerVariablesMotoTests(MotoServer moto)
        {
            _moto = moto;
            _broker = AwsBroker.ForEndpoint(moto.Endpoint, MotoServer.Region);
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            _broker.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        [MotoFact]
        public async Task The_seeds_consumer_variables_alone_drain_the_queue_at_the_endpoint_and_write_the_side_effect_log()
        {
            var queueUrl = await NewQueueAsync();
            foreach (var sequence in new[] { 1, 2, 3 })
                await _broker.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = $"{{\"id\":\"s-{sequence}\",\"sequence\":{sequence}}}" });
            var log = Path.Combine(_folder, "effects.log");

            var run = ShellProcess.Run(SeedVariables(queueUrl, new Dictionary<string, string?>
            {
                ["MESSAGE_LIMIT"] = "3",
                ["WAIT_TIME_SECONDS"] = "1",
                ["IDLE_TIMEOUT_SECONDS"] = "10",
                ["SIDE_EFFECT_LOG_PATH"] = log,
            }), "-Command", "Start-DemoConsumer -FromEnvironmentVariables | Out-Null; (Get-DemoBackend).Kind");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.DoesNotContain("QueueDoesNotExist", run.AllOutput);
            Assert.Contains("Endpoint", run.StdOut);
            Assert.Equal(new[] { "1", "2", "3" }, File.ReadAllLines(log).OrderBy(l => l, StringComparer.Ordinal));
            var attributes = await _broker.GetQueueAttributesAsync(queueUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible });
            Assert.Equal("0", attributes[QueueAttributeName.ApproximateNumberOfMessages]);
            Assert.Equal("0", attributes[QueueAttributeName.ApproximateNumberOfMessagesNotVisible]);
        }

        [MotoFact]
        public async Task Send_DemoMessage_FromEnvironment_sends_to_QUEUE_URL_and_prints_the_bursts_throughput()
        {
            var queueUrl = await NewQueueAsync();

            var run = ShellProcess.Run(SeedVariables(queueUrl, new Dictionary<string, string?>()),
                "-Command", "Send-DemoMessage -FromEnvironmentVariables -Count 5 | Out-Null");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Matches(@"Sent 5 message\(s\) in [0-9.]+ s \([0-9.]+ messages/s\)", run.StdOut);
            var attributes = await _broker.GetQueueAttributesAsync(queueUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages });
            Assert.Equal("5", attributes[QueueAttributeName.ApproximateNumberOfMessages]);
        }

        private async Task<string> NewQueueAsync() =>
            await _broker.CreateQueueAsync("seedenv-" + Guid.NewGuid().ToString("N").Substring(0, 8), new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "5" });

        /// <summary>
        /// What the seeds' scenarios give their consumer: the queue, the endpoint, the region, and no keys
        /// (the SDK's chain finds none; at a loopback endpoint, which checks none, that is enough).
        /// </summary>
        private Dictionary<string, string?> SeedVariables(string queueUrl, Dictionary<string, string?> knobs)
        {
            var variables = new Dictionary<string, string?>(knobs)
            {
                ["QUEUE_URL"] = queueUrl,
                ["AWS_ENDPOINT_URL"] = _moto.Endpoint.ToString(),
                ["AWS_REGION"] = MotoServer.Region,
                ["AWS_ACCESS_KEY_ID"] = null,
                ["AWS_SECRET_ACCESS_KEY"] = null,
                ["AWS_SESSION_TOKEN"] = null,
                ["AWS_PROFILE"] = null,
            };
            return variables;
        }
    }
}
