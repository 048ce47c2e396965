using System;
using System.Linq;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SQS;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Add-, Get- and Remove-DemoEndpointFault in a hosted session, against a real SDK client of the endpoint.</summary>
    public sealed class EndpointFaultCommandTests : IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose()
        {
            _session.Run("Get-DemoEndpoint | Stop-DemoEndpoint");
            _session.Dispose();
        }

        [Fact]
        public async Task Add_starts_the_backends_endpoint_when_there_is_none_and_its_fault_answers_an_SDK_client()
        {
            var environment = _session.Run("Connect-DemoBackend -Embedded -TimeScale 10 -Seed 5 | Out-Null; New-DemoEnvironment -Name faulty").NoErrors().Single<DemoEnvironment>();
            var fault = _session.Run("Add-DemoEndpointFault -Operation SendMessage -Caller producer-* -Error ServiceUnavailable -Count 1 -Name unavailable").NoErrors().Single<EndpointFault>();
            var endpoint = _session.Run("Get-DemoEndpoint").NoErrors().Single<DemoEndpoint>();
            Assert.Equal((endpoint.Url, "unavailable", 1), (fault.Endpoint, fault.Name, fault.Count));

            using var client = new AmazonSQSClient(new BasicAWSCredentials("producer-1", "dummy"),
                new AmazonSQSConfig { ServiceURL = endpoint.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
            var queueUrl = endpoint.Sqs.Urls.ToClient(environment.QueueUrl);
            var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => client.SendMessageAsync(queueUrl, "first"));
            Assert.Equal("ServiceUnavailable", error.ErrorCode);
            await client.SendMessageAsync(queueUrl, "second: the fault is spent");

            var listed = _session.Run("Get-DemoEndpointFault unavailable").NoErrors().Single<EndpointFault>();
            Assert.Equal((1L, true), (listed.Fired, listed.Spent));
            var injected = _session.Run("Get-DemoJournal -Kind FaultInjected").NoErrors().Single<JournalEvent>();
            Assert.Equal(("unavailable", "producer-1"), (injected.FaultName, injected.Actor));
        }

        [Fact]
        public void Remove_takes_a_fault_off_but_not_under_WhatIf_and_Get_says_when_a_name_matches_none()
        {
            _session.Run("$e = Start-DemoEndpoint -Port 0; $e | Add-DemoEndpointFault -Name slow -LatencySeconds 1 | Out-Null").NoErrors();
            _session.Run("Get-DemoEndpointFault | Remove-DemoEndpointFault -WhatIf").NoErrors();
            Assert.Single(_session.Run("Get-DemoEndpointFault").NoErrors().Output);

            var removed = _session.Run("Get-DemoEndpointFault sl* | Remove-DemoEndpointFault -PassThru").NoErrors().Single<EndpointFault>();
            Assert.Equal("slow", removed.Name);
            Assert.Empty(_session.Run("$e | Get-DemoEndpointFault").NoErrors().Output);
            var result = _session.Run("Get-DemoEndpointFault slow");
            Assert.Equal("EndpointFaultNotFound,SqsDemo.Commands.GetDemoEndpointFaultCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        }

        [Theory]
        [InlineData("-Operation SendMessage", "FaultHasNoEffect")]
        [InlineData("-Operation SendMessage -Error Throttling -LoseResponse", "FaultEffectsConflict")]
        [InlineData("-Operation SendMessage -Error Throttling -Rate 2", "FaultRateOutOfRange")]
        [InlineData("-Operation SendMessage -Error Throttling -Count 0", "FaultCountOutOfRange")]
        [InlineData("-LatencySeconds 7200", "FaultLatencyOutOfRange")]
        [InlineData("-Operation DeleteMesage -LoseResponse", "FaultOperationUnknown")]
        [InlineData("-Service sqs -Operation PutItem -LoseResponse", "FaultOperationUnknown")]
        public void A_fault_that_cannot_work_is_refused_with_its_error_id(string arguments, string errorId)
        {
            var error = _session.RunExpectingTerminatingError("Start-DemoEndpoint -Port 0 | Add-DemoEndpointFault " + arguments);
            Assert.Equal(errorId + ",SqsDemo.Commands.AddDemoEndpointFaultCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_session.Run("Get-DemoEndpointFault").NoErrors().Output);
        }
    }
}
