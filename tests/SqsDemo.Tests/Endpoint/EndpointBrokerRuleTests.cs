using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// The differential rule bodies that run on the embedded broker and on moto (AwsBrokerMotoTests), run a third
    /// way: through the endpoint with the AWS SDK for .NET. Plus what the endpoint adds: concurrent requests and the scaled long poll.
    /// </summary>
    public sealed class EndpointBrokerRuleTests
    {
        private static async Task OnEndpoint(Func<BrokerUnderTest, Task> rule)
        {
            using var endpoint = new RunningEndpoint();
            using var under = new BrokerUnderTest("endpoint", endpoint.SdkBroker(), endpoint.Run.Clock, isMoto: false, new SqsDemo.Engine.Endpoint.CallerTime(endpoint.Run.Clock).Of);
            await rule(under);
        }

        [Fact] public Task Send_receive_delete() => OnEndpoint(AwsBrokerMotoTests.SendReceiveDelete);
        [Fact] public Task Receive_count_and_handles() => OnEndpoint(AwsBrokerMotoTests.ReceiveCountAndHandles);
        [Fact] public Task Visibility_timeout() => OnEndpoint(AwsBrokerMotoTests.VisibilityTimeout);
        [Fact] public Task Dead_letter_move() => OnEndpoint(AwsBrokerMotoTests.DeadLetterMove);
        [Fact] public Task Batch_failures() => OnEndpoint(AwsBrokerMotoTests.BatchFailures);
        [Fact] public Task Queue_does_not_exist() => OnEndpoint(AwsBrokerMotoTests.QueueDoesNotExist);
        [Fact] public Task Queue_already_exists() => OnEndpoint(AwsBrokerMotoTests.QueueAlreadyExists);
        [Fact] public Task Purge_in_progress() => OnEndpoint(AwsBrokerMotoTests.PurgeInProgress);
        [EmbeddedFifoFact] public Task Fifo_order_within_a_group() => OnEndpoint(AwsBrokerMotoTests.FifoOrderWithinGroup);
        [Fact] public Task Dead_letter_source_queues() => OnEndpoint(AwsBrokerMotoTests.DeadLetterSourceQueues);

        /// <summary>
        /// A receive that asks for some message attributes gets the digest of those (the SDK checks
        /// MD5OfMessageAttributes against what it got, and would throw on the digest of all of them).
        /// </summary>
        [Fact]
        public async Task A_receive_asking_for_some_attributes_gets_their_digest_which_the_SDK_verifies()
        {
            using var endpoint = new RunningEndpoint();
            using var client = new Amazon.SQS.AmazonSQSClient(new Amazon.Runtime.BasicAWSCredentials("reader", "dummy"),
                new Amazon.SQS.AmazonSQSConfig { ServiceURL = endpoint.Endpoint.Url, AuthenticationRegion = RunningEndpoint.Region });
            var url = (await client.CreateQueueAsync("digests")).QueueUrl;
            await client.SendMessageAsync(new Amazon.SQS.Model.SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "with attributes",
                MessageAttributes = new System.Collections.Generic.Dictionary<string, Amazon.SQS.Model.MessageAttributeValue>
                {
                    ["trace.id"] = new Amazon.SQS.Model.MessageAttributeValue { DataType = "String", StringValue = "t-1" },
                    ["kind"] = new Amazon.SQS.Model.MessageAttributeValue { DataType = "String", StringValue = "order" },
                },
            });
            var received = await client.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest
            {
                QueueUrl = url,
                MessageAttributeNames = new System.Collections.Generic.List<string> { "trace.*" },
            });
            var message = Assert.Single(received.Messages);
            Assert.Equal(new[] { "trace.id" }, message.MessageAttributes.Keys.ToArray());
            Assert.Equal(SqsRuleProbes.SdkMd5(new System.Collections.Generic.Dictionary<string, MessageAttributeValue>
            {
                ["trace.id"] = new MessageAttributeValue { DataType = "String", StringValue = "t-1" },
            }), message.MD5OfMessageAttributes);
        }

        /// <summary>Queue tags and ListQueues' paging through the .NET SDK (neither is in IBroker).</summary>
        [Fact]
        public async Task Tags_and_ListQueues_paging_work_through_the_SDK()
        {
            using var endpoint = new RunningEndpoint();
            using var client = new Amazon.SQS.AmazonSQSClient(new Amazon.Runtime.BasicAWSCredentials("admin", "dummy"),
                new Amazon.SQS.AmazonSQSConfig { ServiceURL = endpoint.Endpoint.Url, AuthenticationRegion = RunningEndpoint.Region });
            var url = (await client.CreateQueueAsync(new Amazon.SQS.Model.CreateQueueRequest
            {
                QueueName = "page-a",
                Tags = new System.Collections.Generic.Dictionary<string, string> { ["team"] = "payments" },
            })).QueueUrl;
            await client.TagQueueAsync(new Amazon.SQS.Model.TagQueueRequest { QueueUrl = url, Tags = new System.Collections.Generic.Dictionary<string, string> { ["env"] = "demo" } });
            await client.UntagQueueAsync(new Amazon.SQS.Model.UntagQueueRequest { QueueUrl = url, TagKeys = new System.Collections.Generic.List<string> { "team" } });
            var tags = (await client.ListQueueTagsAsync(new Amazon.SQS.Model.ListQueueTagsRequest { QueueUrl = url })).Tags;
            Assert.Equal(new[] { "env=demo" }, tags.Select(t => t.Key + "=" + t.Value).ToArray());

            await client.CreateQueueAsync("page-b");
            await client.CreateQueueAsync("page-c");
            var first = await client.ListQueuesAsync(new Amazon.SQS.Model.ListQueuesRequest { QueueNamePrefix = "page-", MaxResults = 2 });
            var second = await client.ListQueuesAsync(new Amazon.SQS.Model.ListQueuesRequest { QueueNamePrefix = "page-", MaxResults = 2, NextToken = first.NextToken });
            Assert.Equal(new[] { "page-a", "page-b" }, first.QueueUrls.Select(u => u.Substring(u.LastIndexOf('/') + 1)).ToArray());
            Assert.Equal(new[] { "page-c" }, second.QueueUrls.Select(u => u.Substring(u.LastIndexOf('/') + 1)).ToArray());
            Assert.Null(second.NextToken);
        }

        /// <summary>HttpListener answers only the hosts it was given: a client told http://localhost:PORT is served as one told 127.0.0.1.</summary>
        [Fact]
        public async Task A_client_given_localhost_is_served()
        {
            using var endpoint = new RunningEndpoint();
            using var broker = global::SqsDemo.Engine.Broker.Aws.AwsBroker.ForEndpoint(new Uri("http://localhost:" + endpoint.Endpoint.Port), RunningEndpoint.Region);
            var url = await broker.CreateQueueAsync("via-localhost", null);
            Assert.Equal(endpoint.Endpoint.Url + "/000000000000/via-localhost", url);
        }

        /// <summary>A long poll holds only its own request: a send made while it waits is served, and wakes it with the message.</summary>
        [Fact]
        public async Task A_waiting_long_poll_does_not_hold_up_other_requests()
        {
            // x2: the 20-second poll lasts 10 wall seconds unless the send reaches the server while it waits.
            using var endpoint = new RunningEndpoint(timeScale: 2);
            using var broker = endpoint.SdkBroker();
            var url = await broker.CreateQueueAsync("waiting", null);
            var poll = broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            // Send only once the server holds the poll (its second request), so the send must pass a waiting poll.
            Assert.True(System.Threading.SpinWait.SpinUntil(() => endpoint.Endpoint.RequestCount >= 2, TimeSpan.FromSeconds(10)), "the long poll never reached the server");
            var stopwatch = Stopwatch.StartNew();
            var sent = await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "wake up" });
            var received = await poll;
            Assert.Equal(sent.MessageId, Assert.Single(received).MessageId);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), "the poll answered after " + stopwatch.Elapsed + ": the send waited behind it");
        }

        /// <summary>
        /// More long polls than the server has accept loops, all waiting at once, hold none of them: each loop serves
        /// a request only up to its first wait, so a send made while every poll waits is still served, and wakes one.
        /// </summary>
        [Fact]
        public async Task More_waiting_long_polls_than_accept_loops_do_not_starve_other_requests()
        {
            // x2: the 20-second polls last 10 wall seconds unless the send reaches the server while they wait.
            using var endpoint = new RunningEndpoint(timeScale: 2);
            using var broker = endpoint.SdkBroker();
            var url = await broker.CreateQueueAsync("crowded", null);
            var pollCount = 2 * global::SqsDemo.Engine.Endpoint.DemoEndpoint.AcceptLoops;
            var polls = Enumerable.Range(0, pollCount)
                .Select(_ => broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 }))
                .ToList();
            Assert.True(System.Threading.SpinWait.SpinUntil(() => endpoint.Endpoint.RequestCount >= 1 + pollCount, TimeSpan.FromSeconds(10)),
                "only " + endpoint.Endpoint.RequestCount + " requests reached the server of " + (1 + pollCount));
            var stopwatch = Stopwatch.StartNew();
            var sent = await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "one for " + pollCount });
            var woken = await Task.WhenAny(polls);
            Assert.Equal(sent.MessageId, Assert.Single(await woken).MessageId);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), "the send and the woken poll took " + stopwatch.Elapsed + ": the send waited behind the polls");
            endpoint.Endpoint.Stop();
            await Task.WhenAll(polls.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        /// <summary>The server's wait is on the run's scaled clock: an empty 20-second long poll at x20 answers in about one wall second.</summary>
        [Fact]
        public async Task A_20_second_long_poll_at_x20_answers_in_about_a_second()
        {
            using var endpoint = new RunningEndpoint(timeScale: 20);
            using var broker = endpoint.SdkBroker();
            var url = await broker.CreateQueueAsync("empty", null);
            var stopwatch = Stopwatch.StartNew();
            var received = await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            Assert.Empty(received);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "an empty 20 s poll at x20 took " + stopwatch.Elapsed + " of wall time");
            Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), "an empty 20 s poll at x20 came back after only " + stopwatch.Elapsed + ": it did not wait");
        }
    }
}
