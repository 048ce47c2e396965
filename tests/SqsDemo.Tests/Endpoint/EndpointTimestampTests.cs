// A consumer process lives in wall time while the broker runs on the scenario clock: the message timestamps it gets
// are in its own time, so `now - SentTimestamp` is the message's age (how it judges a message stale).
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.SQS;
using Amazon.SQS.Model;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    public sealed class EndpointTimestampTests
    {
        [Fact]
        public async Task SentTimestamp_and_the_first_receive_are_the_callers_wall_time_on_a_scaled_clock()
        {
            using var endpoint = new RunningEndpoint(20);
            using var client = new AmazonSQSClient(new Amazon.Runtime.BasicAWSCredentials("consumer-1", "dummy"),
                new AmazonSQSConfig { ServiceURL = endpoint.Endpoint.Url, AuthenticationRegion = RunningEndpoint.Region });
            var url = (await client.CreateQueueAsync("stamps")).QueueUrl;
            // Until the scenario clock is well ahead of the wall clock, so that a scenario timestamp could not pass for a wall one.
            while (endpoint.Run.Clock.GetUtcNow() - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(10)) await Task.Delay(20);

            var before = DateTimeOffset.UtcNow;
            await client.SendMessageAsync(url, "how old am I");
            var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url, WaitTimeSeconds = 1, MessageSystemAttributeNames = new List<string> { "SentTimestamp", "ApproximateFirstReceiveTimestamp" },
            });
            var after = DateTimeOffset.UtcNow;

            var message = Assert.Single(received.Messages);
            var sent = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(message.Attributes["SentTimestamp"]));
            var firstReceive = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(message.Attributes["ApproximateFirstReceiveTimestamp"]));
            Assert.InRange(sent, before.AddMilliseconds(-50), after.AddMilliseconds(50));
            Assert.InRange(firstReceive, sent, after.AddMilliseconds(50));
        }
    }
}
