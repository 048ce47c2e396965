using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>The aws CLI's DynamoDB commands, a client nobody here wrote, against the endpoint's tables.</summary>
    public sealed class EndpointDynamoDbCliTests
    {
        private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(120);

        [Fact]
        public async Task The_aws_cli_creates_a_table_writes_conditionally_reads_and_queries()
        {
            using var endpoint = new RunningEndpoint(timeScale: 1);
            var url = endpoint.Endpoint.Url;
            Task<ExternalClient.Outcome> Cli(params string[] arguments) =>
                ExternalClient.RunAsync("aws", new[] { "dynamodb" }.Concat(arguments).Concat(new[] { "--endpoint-url", url, "--output", "json" }), url, "cli-admin", ClientTimeout);
            async Task<JsonElement> Ok(params string[] arguments)
            {
                var outcome = await Cli(arguments);
                Assert.True(outcome.ExitCode == 0, string.Join(" ", arguments) + ": " + outcome);
                return outcome.Output.Length == 0 ? default : JsonDocument.Parse(outcome.Output).RootElement.Clone();
            }

            var created = await Ok("create-table", "--table-name", "orders", "--billing-mode", "PAY_PER_REQUEST",
                "--attribute-definitions", "AttributeName=customer,AttributeType=S", "AttributeName=seq,AttributeType=N",
                "--key-schema", "AttributeName=customer,KeyType=HASH", "AttributeName=seq,KeyType=RANGE");
            Assert.Equal("ACTIVE", created.GetProperty("TableDescription").GetProperty("TableStatus").GetString());

            foreach (var seq in new[] { "1", "2", "3" })
                await Ok("put-item", "--table-name", "orders", "--item", Item("c1", seq, "placed"), "--condition-expression", "attribute_not_exists(customer)");

            // The same key again, under the same condition: DynamoDB's typed error, which the CLI names (and exits non-zero for).
            var refused = await Cli("put-item", "--table-name", "orders", "--item", Item("c1", "2", "again"), "--condition-expression", "attribute_not_exists(customer)");
            Assert.True(refused.ExitCode != 0 && refused.Error.Contains("ConditionalCheckFailedException"), refused.ToString());

            var got = await Ok("get-item", "--table-name", "orders", "--key", "{\"customer\":{\"S\":\"c1\"},\"seq\":{\"N\":\"2\"}}", "--consistent-read");
            Assert.Equal("placed", got.GetProperty("Item").GetProperty("state").GetProperty("S").GetString());

            var queried = await Ok("query", "--table-name", "orders", "--key-condition-expression", "customer = :c AND seq >= :from",
                "--expression-attribute-values", "{\":c\":{\"S\":\"c1\"},\":from\":{\"N\":\"2\"}}", "--no-scan-index-forward");
            Assert.Equal(new[] { "3", "2" }, queried.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("seq").GetProperty("N").GetString()).ToArray());

            var updated = await Ok("update-item", "--table-name", "orders", "--key", "{\"customer\":{\"S\":\"c1\"},\"seq\":{\"N\":\"1\"}}",
                "--update-expression", "SET #s = :paid ADD tries :one", "--expression-attribute-names", "{\"#s\":\"state\"}",
                "--expression-attribute-values", "{\":paid\":{\"S\":\"paid\"},\":one\":{\"N\":\"1\"}}", "--return-values", "ALL_NEW");
            Assert.Equal("paid", updated.GetProperty("Attributes").GetProperty("state").GetProperty("S").GetString());
            Assert.Equal("1", updated.GetProperty("Attributes").GetProperty("tries").GetProperty("N").GetString());

            var missing = await Cli("describe-table", "--table-name", "no-such-table");
            Assert.True(missing.ExitCode != 0 && missing.Error.Contains("ResourceNotFoundException"), missing.ToString());
        }

        private static string Item(string customer, string seq, string state) =>
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["customer"] = new { S = customer },
                ["seq"] = new { N = seq },
                ["state"] = new { S = state },
            });
    }
}
