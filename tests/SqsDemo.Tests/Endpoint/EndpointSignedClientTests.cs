using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SqsDemo.Engine.Endpoint.Signing;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// Signers nobody here wrote (botocore, as boto3 and the aws CLI use it; the AWS SDK for JavaScript v3) against an endpoint given key
    /// pairs: a whole boto3 lifecycle signed with a given key passes every check, and another secret or an
    /// unknown key gets each service's code.
    /// </summary>
    public sealed class EndpointSignedClientTests
    {
        private const string Key = "consumer-py";
        private const string Secret = "consumer-py-secret";
        private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(120);

        private static RunningEndpoint Signed(double timeScale = 10) =>
            new RunningEndpoint(timeScale, signatures: new SignatureVerifier(new Dictionary<string, string> { [Key] = Secret }));

        private static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "clients", "python", name);

        [Fact]
        public async Task Boto3_signing_with_a_given_key_does_a_whole_lifecycle()
        {
            using var endpoint = Signed();
            var outcome = await ExternalClient.RunAsync("python3", new[] { Script("sqs_lifecycle.py"), "signed-orders" }, endpoint.Endpoint.Url, Key, ClientTimeout, Secret);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            using var seen = JsonDocument.Parse(outcome.Output);
            Assert.Equal("QueueDoesNotExist", seen.RootElement.GetProperty("typed_error").GetString());
            var deletedId = seen.RootElement.GetProperty("deleted_id").GetString();
            Assert.Contains(endpoint.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.Deleted && e.MessageId == deletedId && e.Actor == Key);
        }

        [Theory]
        [InlineData(Key, "not-the-secret", "SignatureDoesNotMatch", 403, "InvalidSignatureException")]
        [InlineData("stranger", Secret, "InvalidClientTokenId", 403, "UnrecognizedClientException")]
        public async Task Boto3_with_another_secret_or_an_unknown_key_gets_each_service_s_code(string key, string secret, string sqsCode, int sqsStatus, string dynamoDbCode)
        {
            using var endpoint = Signed();
            var outcome = await ExternalClient.RunAsync("python3", new[] { Script("signed_calls.py") }, endpoint.Endpoint.Url, key, ClientTimeout, secret);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            var seen = JsonDocument.Parse(outcome.Output).RootElement;
            Assert.Equal(sqsCode, seen.GetProperty("sqs").GetString());
            Assert.Equal(sqsStatus, seen.GetProperty("sqs_status").GetInt32());
            Assert.Equal(dynamoDbCode, seen.GetProperty("dynamodb").GetString());
            Assert.Equal(400, seen.GetProperty("dynamodb_status").GetInt32());

            var right = await ExternalClient.RunAsync("python3", new[] { Script("signed_calls.py") }, endpoint.Endpoint.Url, Key, ClientTimeout, Secret);
            Assert.Equal("{\"sqs\": \"ok\", \"sqs_status\": 200, \"dynamodb\": \"ok\", \"dynamodb_status\": 200}", right.Output);
        }

        [NodeFact]
        public async Task The_javascript_sdk_signing_with_a_given_key_does_its_whole_lifecycle()
        {
            Assert.True(NodeClient.InstallProblem() is null, NodeClient.InstallProblem());
            using var endpoint = Signed();
            var script = Path.Combine(NodeClient.Folder, "lifecycle.mjs");
            var outcome = await ExternalClient.RunAsync(NodeClient.Node!, new[] { script, "node-signed" }, endpoint.Endpoint.Url, Key, ClientTimeout, Secret);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            Assert.Equal("ConditionalCheckFailedException", JsonDocument.Parse(outcome.Output).RootElement.GetProperty("conditional_error").GetString());

            var guessed = await ExternalClient.RunAsync(NodeClient.Node!, new[] { script, "node-forged" }, endpoint.Endpoint.Url, Key, ClientTimeout, "not-the-secret");
            Assert.True(guessed.ExitCode != 0 && guessed.Error.Contains("SignatureDoesNotMatch"), guessed.ToString());
        }

        [Fact]
        public async Task The_aws_cli_is_served_with_the_right_secret_and_told_SignatureDoesNotMatch_with_another()
        {
            using var endpoint = Signed(timeScale: 1);
            var url = endpoint.Endpoint.Url;
            Task<ExternalClient.Outcome> Cli(string secret, params string[] arguments) =>
                ExternalClient.RunAsync("aws", new[] { "sqs" }.Concat(arguments).Concat(new[] { "--endpoint-url", url, "--output", "json" }), url, Key, ClientTimeout, secret);

            var created = await Cli(Secret, "create-queue", "--queue-name", "cli-signed");
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Equal(url + "/000000000000/cli-signed", JsonDocument.Parse(created.Output).RootElement.GetProperty("QueueUrl").GetString());

            var refused = await Cli("not-the-secret", "create-queue", "--queue-name", "cli-forged");
            Assert.True(refused.ExitCode != 0 && refused.Error.Contains("(SignatureDoesNotMatch)"), refused.ToString());
        }
    }
}
