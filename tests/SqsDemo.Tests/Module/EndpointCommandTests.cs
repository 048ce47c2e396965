using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SQS;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Hosting;
using Xunit;
using Sdk = Amazon.SQS.Model;

namespace SqsDemo.Tests.Module
{
    /// <summary>Start-, Get- and Stop-DemoEndpoint in a hosted session; outside clients seen by Get-DemoJournal and Get-DemoAccounting; a second runspace connected through the endpoint.</summary>
    public sealed class EndpointCommandTests : IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose()
        {
            _session.Run("Get-DemoEndpoint | Stop-DemoEndpoint");
            _session.Dispose();
        }

        private DemoEndpoint Start() => _session.Run("Start-DemoEndpoint -Port 0").NoErrors().Single<DemoEndpoint>();

        private static AmazonSQSClient Client(DemoEndpoint endpoint, string caller) =>
            new AmazonSQSClient(new BasicAWSCredentials(caller, "dummy"), new AmazonSQSConfig { ServiceURL = endpoint.Url, AuthenticationRegion = "us-east-1" });

        [Fact]
        public void Start_serves_on_loopback_Get_lists_it_WhatIf_keeps_it_and_Stop_stops_it()
        {
            var endpoint = Start();
            Assert.StartsWith("http://127.0.0.1:", endpoint.Url);
            Assert.True(endpoint.IsRunning);
            Assert.Same(endpoint, _session.Run("Get-DemoEndpoint").NoErrors().Single<DemoEndpoint>());

            _session.Run("Get-DemoEndpoint | Stop-DemoEndpoint -WhatIf").NoErrors();
            Assert.True(endpoint.IsRunning);

            var stopped = _session.Run("Get-DemoEndpoint | Stop-DemoEndpoint -PassThru").NoErrors().Single<DemoEndpoint>();
            Assert.Same(endpoint, stopped);
            Assert.False(endpoint.IsRunning);
            Assert.Empty(_session.Run("Get-DemoEndpoint").NoErrors().Output);
        }

        [Fact]
        public void Removing_the_module_stops_the_sessions_endpoints()
        {
            var endpoint = Start();
            _session.Run("Remove-Module SqsDemo").NoErrors();
            Assert.False(endpoint.IsRunning);
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, endpoint.Port);
            probe.Start(); // the port is free again
            probe.Stop();
        }

        [Fact]
        public void A_port_in_use_is_EndpointPortInUse()
        {
            var first = Start();
            var error = _session.RunExpectingTerminatingError("Start-DemoEndpoint -Port " + first.Port);
            Assert.Equal("EndpointPortInUse,SqsDemo.Commands.StartDemoEndpointCommand", error.FullyQualifiedErrorId);
            Assert.Single(_session.Run("Get-DemoEndpoint").NoErrors().Output);
        }

        [Fact]
        public void A_bind_address_that_is_not_an_IP_is_InvalidBindAddress()
        {
            var error = _session.RunExpectingTerminatingError("Start-DemoEndpoint -Port 0 -BindAddress 'not-an-address'");
            Assert.Equal("InvalidBindAddress,SqsDemo.Commands.StartDemoEndpointCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public async Task TaskQueueUrl_serves_POST_tasks_202_with_the_message_id_and_400_for_a_body_that_is_not_a_task()
        {
            var environment = _session.Run("New-DemoEnvironment -Name tasks").NoErrors().Single<DemoEnvironment>();
            var endpoint = _session.Run("Start-DemoEndpoint -Port 0 -TaskQueueUrl (Get-DemoEnvironment tasks).QueueUrl").NoErrors().Single<DemoEndpoint>();
            using var http = new System.Net.Http.HttpClient();
            async Task<(int Status, System.Text.Json.JsonElement Body)> Post(string body)
            {
                using var response = await http.PostAsync(endpoint.Url + "/tasks", new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return ((int)response.StatusCode, json.RootElement.Clone());
            }

            var accepted = await Post("{\"task_type\":\"compute\",\"data\":{\"numbers\":[1,2,3]}}");
            Assert.Equal(202, accepted.Status);
            var messageId = accepted.Body.GetProperty("message_id").GetString();
            Assert.Equal(400, (await Post("{not json")).Status);
            Assert.Equal(400, (await Post("{\"data\":{}}")).Status);
            Assert.Equal(400, (await Post("[\"compute\"]")).Status);

            // Exactly one message queued, the accepted one as {"id", "type", "data"}, sent as the API.
            var received = _session.Run("Receive-DemoMessage -QueueUrl (Get-DemoEnvironment tasks).QueueUrl -MaxMessages 10 -WaitTimeSeconds 0").NoErrors().Objects<InspectedMessage>().ToArray();
            var message = Assert.Single(received);
            Assert.Equal(messageId, message.MessageId);
            using var sent = System.Text.Json.JsonDocument.Parse(message.Body);
            Assert.Equal("compute", sent.RootElement.GetProperty("type").GetString());
            Assert.Equal(accepted.Body.GetProperty("task_id").GetString(), sent.RootElement.GetProperty("id").GetString());
            Assert.Equal(3, sent.RootElement.GetProperty("data").GetProperty("numbers").GetArrayLength());
            var journal = _session.Run("Get-DemoJournal -Kind Sent").NoErrors().Objects<JournalEvent>();
            var sentEvent = Assert.Single(journal, e => e.MessageId == messageId);
            Assert.Equal(TaskFrontDoor.Actor, sentEvent.Actor);
            // The send gave the broker UTF-8 bytes, not text: its body id (the task id) is read from those.
            Assert.Equal(accepted.Body.GetProperty("task_id").GetString(), sentEvent.BodyId);

            var error = _session.RunExpectingTerminatingError("Start-DemoEndpoint -Port 0 -TaskQueueUrl http://sqs.us-east-1.nowhere.embedded.sqsdemo/000000000000/none");
            Assert.Equal("TaskQueueNotFound,SqsDemo.Commands.StartDemoEndpointCommand", error.FullyQualifiedErrorId);
        }

        private const string KeyScript = "$key = [pscredential]::new('producer-1', (ConvertTo-SecureString 'producer-secret' -AsPlainText -Force)); ";

        [Fact]
        public async Task Credential_serves_requests_signed_with_its_keys_and_refuses_others_with_SignatureDoesNotMatch()
        {
            var endpoint = _session.Run(KeyScript + "Start-DemoEndpoint -Port 0 -Credential $key").NoErrors().Single<DemoEndpoint>();
            Assert.True(endpoint.RequiresSignature);
            Assert.Equal(new[] { "producer-1" }, endpoint.AccessKeyIds);

            using (var signed = new AmazonSQSClient(new BasicAWSCredentials("producer-1", "producer-secret"), new AmazonSQSConfig { ServiceURL = endpoint.Url, AuthenticationRegion = "us-east-1" }))
                await signed.CreateQueueAsync("signed");
            using (var guessing = Client(endpoint, "producer-1"))
            {
                var refused = await Assert.ThrowsAsync<AmazonSQSException>(() => guessing.ListQueuesAsync(new Sdk.ListQueuesRequest()));
                Assert.Equal("SignatureDoesNotMatch", refused.ErrorCode);
            }
            Assert.Contains(_session.Run("Get-DemoJournal").NoErrors().Objects<JournalEvent>(), e => e.Actor == "producer-1");
        }

        [Theory]
        [InlineData("Start-DemoEndpoint -Port 0 -Credential $key, $key")]
        [InlineData("Start-DemoEndpoint -Port 0 -Credential ([pscredential]::new('producer-1', [securestring]::new()))")]
        public void A_key_given_twice_or_without_a_secret_is_InvalidEndpointCredential_and_starts_nothing(string script)
        {
            var error = _session.RunExpectingTerminatingError(KeyScript + script);
            Assert.Equal("InvalidEndpointCredential,SqsDemo.Commands.StartDemoEndpointCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_session.Run("Get-DemoEndpoint").NoErrors().Output);
        }

        [Fact]
        public void Wait_with_Credential_names_the_access_key_ids_and_never_prints_a_secret()
        {
            using var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = _session.Runspace;
            shell.AddScript(KeyScript + "Start-DemoEndpoint -Port 0 -Credential $key -Wait");
            var serving = shell.BeginInvoke();
            // A running pipeline's streams are read by index: enumerating one still open blocks until the pipeline ends.
            string[] Announced() => Enumerable.Range(0, shell.Streams.Information.Count).Select(i => shell.Streams.Information[i].MessageData.ToString()!).ToArray();
            // The announcement is written before the wait for Ctrl+C: its last line says how to stop.
            var finished = SpinWait.SpinUntil(() => Announced().Any(line => line.Contains("Ctrl+C")) || serving.IsCompleted, TimeSpan.FromSeconds(60));
            var announced = string.Join("\n", Announced());
            shell.Stop();
            Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(serving));
            Assert.True(finished && announced.Contains("Ctrl+C"), "no announcement: " + announced);
            Assert.Contains("AWS_ACCESS_KEY_ID=producer-1", announced);
            Assert.Contains("signing with a key pair of -Credential (producer-1)", announced);
            Assert.DoesNotContain("producer-secret", announced);
        }

        [Fact]
        public void TimeScale_serves_a_fresh_embedded_backend_on_that_clock_and_connects_the_session_to_it()
        {
            _session.Run("Connect-DemoBackend -Embedded -TimeScale 20 | Out-Null; New-DemoEnvironment -Name before | Out-Null").NoErrors();
            var endpoint = _session.Run("Start-DemoEndpoint -Port 0 -TimeScale 1").NoErrors().Single<DemoEndpoint>();
            var session = _session.Run("Get-DemoBackend").NoErrors().Single<DemoRun>();
            Assert.Same(session, endpoint.Run);
            Assert.Equal(1, session.TimeScale);
            // A new backend: the queue made before is not in it.
            Assert.DoesNotContain(_session.Run("Get-DemoEnvironment").NoErrors().Objects<DemoEnvironment>(), e => e.Name == "before");

            var error = _session.RunExpectingTerminatingError("Start-DemoEndpoint -Port 0 -TimeScale 1 -Backend (Get-DemoBackend)");
            Assert.Equal("EndpointTimeScaleWithBackend,SqsDemo.Commands.StartDemoEndpointCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public async Task An_outside_producer_and_consumer_show_in_the_journal_by_name_and_the_accounting_counts_the_delivery()
        {
            var environment = _session.Run("New-DemoEnvironment -Name orders").NoErrors().Single<DemoEnvironment>();
            var endpoint = Start();
            var queueUrl = endpoint.Sqs.Urls.ToClient(environment.QueueUrl);

            using (var producer = Client(endpoint, "producer-x"))
                await producer.SendMessageAsync(new Sdk.SendMessageRequest { QueueUrl = queueUrl, MessageBody = "{\"id\":\"outside-1\"}" });
            using (var consumer = Client(endpoint, "consumer-y"))
            {
                var received = await consumer.ReceiveMessageAsync(new Sdk.ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 });
                await consumer.DeleteMessageAsync(queueUrl, received.Messages.Single().ReceiptHandle);
            }

            var journal = _session.Run("Get-DemoJournal").NoErrors().Objects<JournalEvent>().ToList();
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Sent && e.Actor == "producer-x");
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Deleted && e.Actor == "consumer-y");
            var accounting = _session.Run("Get-DemoEnvironment orders | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
            Assert.Equal(1, accounting.Sent);
            Assert.Equal(1, accounting.Processed);
            Assert.Equal(0, accounting.Unaccounted);
        }

        [Fact]
        public void Connect_DemoBackend_EndpointUrl_in_another_runspace_sees_this_sessions_queue()
        {
            var environment = _session.Run("New-DemoEnvironment -Name shared | Out-Null; Get-DemoEnvironment shared | Send-DemoMessage -Count 3 | Out-Null; Get-DemoEnvironment shared")
                .NoErrors().Single<DemoEnvironment>();
            var endpoint = Start();
            using var other = new ModuleSession();
            var url = endpoint.Sqs.Urls.ToClient(environment.QueueUrl);
            var stats = other.Run("Connect-DemoBackend -EndpointUrl $url -Region us-east-1 | Out-Null; Get-DemoQueue -QueueUrl $url",
                new System.Collections.Hashtable { ["url"] = url }).NoErrors().Single<QueueStatistics>();
            Assert.Equal(3, stats.Visible);
        }
    }
}
