// Which calls a fault hits (operation and caller wildcards, service, count, the seeded rate) and the rules it refuses.
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Endpoint.Faults
{
    public sealed class EndpointFaultRuleTests
    {
        [Fact]
        public async Task A_fault_hits_only_callers_matching_its_wildcard_and_only_its_operations()
        {
            using var endpoint = new RunningEndpoint();
            using var producer = FaultClients.Sqs(endpoint, "producer-1", retries: false);
            using var consumer = FaultClients.Sqs(endpoint, "consumer-7", retries: false);
            var url = (await producer.CreateQueueAsync("orders")).QueueUrl;
            var fault = endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Operations = { "Send*", "ReceiveMessage" }, Caller = "consumer-*", Error = EndpointFaultError.ServiceUnavailable });

            await producer.SendMessageAsync(url, "from the producer");
            await producer.ReceiveMessageAsync(url);
            await consumer.GetQueueAttributesAsync(url, new System.Collections.Generic.List<string> { "All" });
            await Assert.ThrowsAnyAsync<Amazon.SQS.AmazonSQSException>(() => consumer.SendMessageAsync(url, "from a consumer"));
            await Assert.ThrowsAnyAsync<Amazon.SQS.AmazonSQSException>(() => consumer.ReceiveMessageAsync(url));

            Assert.Equal(("fault-1", 2L), (fault.Name, fault.Fired));
            Assert.All(endpoint.Run.Journal.Snapshot().Where(e => e.Kind == JournalEventKind.FaultInjected), e => Assert.Equal("consumer-7", e.Actor));
        }

        [Fact]
        public async Task A_seeded_rate_hits_the_same_calls_in_two_runs_of_one_seed()
        {
            async Task<string> HitPattern()
            {
                using var endpoint = new RunningEndpoint();
                using var client = FaultClients.Sqs(endpoint, "producer-1", retries: false);
                var url = (await client.CreateQueueAsync("orders")).QueueUrl;
                var fault = endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Name = "flaky", Operations = { "SendMessage" }, Rate = 0.5, Error = EndpointFaultError.InternalError });
                var pattern = "";
                for (var i = 0; i < 24; i++)
                {
                    try
                    {
                        await client.SendMessageAsync(url, "m" + i);
                        pattern += ".";
                    }
                    catch (Amazon.SQS.AmazonSQSException)
                    {
                        pattern += "x";
                    }
                }
                Assert.Equal((24L, (long)pattern.Count(c => c == 'x')), (fault.Matched, fault.Fired));
                return pattern;
            }

            var first = await HitPattern();
            Assert.Equal(first, await HitPattern());
            Assert.Contains("x", first);
            Assert.Contains(".", first);
        }

        [Fact]
        public void A_service_limits_the_fault_to_its_calls_and_its_operation_names()
        {
            using var endpoint = new RunningEndpoint();
            var error = Assert.Throws<EndpointFaultException>(() => endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Service = "sqs", Operations = { "PutItem" }, LoseResponse = true }));
            Assert.Equal(EndpointFaultProblem.UnknownOperation, error.Problem);
            endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Service = "dynamodb", Operations = { "Put*" }, LoseResponse = true });
        }

        [Theory]
        [InlineData(EndpointFaultProblem.NoEffect, null, 0.0, false, 1.0, null, "SendMessage", "x")]
        [InlineData(EndpointFaultProblem.ConflictingEffects, EndpointFaultError.Throttling, 0.0, true, 1.0, null, "SendMessage", "x")]
        [InlineData(EndpointFaultProblem.RateOutOfRange, EndpointFaultError.Throttling, 0.0, false, 1.5, null, "SendMessage", "x")]
        [InlineData(EndpointFaultProblem.RateOutOfRange, EndpointFaultError.Throttling, 0.0, false, 0.0, null, "SendMessage", "x")]
        [InlineData(EndpointFaultProblem.CountOutOfRange, EndpointFaultError.Throttling, 0.0, false, 1.0, 0, "SendMessage", "x")]
        [InlineData(EndpointFaultProblem.LatencyOutOfRange, null, 4000.0, false, 1.0, null, "SendMessage", "x")]
        [InlineData(EndpointFaultProblem.UnknownOperation, null, 1.0, false, 1.0, null, "DeleteMesage", "x")]
        public void A_rule_that_cannot_work_as_meant_is_refused_with_its_problem(EndpointFaultProblem problem, EndpointFaultError? error, double latency, bool lose, double rate, int? count, string operation, string name)
        {
            using var endpoint = new RunningEndpoint();
            var rule = new EndpointFaultRule { Name = name, Operations = { operation }, Error = error, LatencySeconds = latency, LoseResponse = lose, Rate = rate, Count = count };
            Assert.Equal(problem, Assert.Throws<EndpointFaultException>(() => endpoint.Endpoint.Faults.Add(rule)).Problem);
            Assert.Empty(endpoint.Endpoint.Faults.All);
        }

        [Fact]
        public void Two_faults_of_one_name_on_an_endpoint_are_refused_and_a_removed_one_acts_no_more()
        {
            using var endpoint = new RunningEndpoint();
            var fault = endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Name = "slow", LatencySeconds = 1 });
            Assert.Equal(EndpointFaultProblem.NameTaken, Assert.Throws<EndpointFaultException>(() => endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Name = "SLOW", LatencySeconds = 2 })).Problem);
            Assert.True(endpoint.Endpoint.Faults.Remove(fault));
            Assert.False(endpoint.Endpoint.Faults.Remove(fault));
            Assert.Empty(endpoint.Endpoint.Faults.All);
        }
    }
}
