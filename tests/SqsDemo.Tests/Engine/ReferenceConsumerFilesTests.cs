using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// The files the seeds' consumer writes, configured by their variables (ReferenceConsumerVariables.Read)
    /// and written by a consumer on the embedded backend: the side-effect log, and versioning's
    /// state and logs. Each consumer ends on its message limit, so nothing waits on a timing.
    /// </summary>
    public sealed class ReferenceConsumerFilesTests : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
        private readonly DemoRun _backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 5, options: new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqsdemo-seedfiles-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public async Task SIDE_EFFECT_LOG_PATH_gets_each_applied_messages_SIDE_EFFECT_LOG_FIELD_value_as_a_line_in_a_folder_it_creates()
        {
            var queue = await QueueAsync("effects");
            await SendAsync(queue, "{\"id\":\"a\",\"step\":7}", "{\"id\":\"b\",\"step\":\"eight\"}", "{\"id\":\"c\",\"other\":1}");
            var log = Path.Combine(_folder, "nested", "effects.log");

            var summary = await RunAsync(queue, 3, new Hashtable { ["SIDE_EFFECT_LOG_PATH"] = log, ["SIDE_EFFECT_LOG_FIELD"] = "step" });

            Assert.Equal(3, summary.Processed);
            // As the seeds append: the value itself, one per line; a message without the field logs nothing.
            Assert.Equal(new[] { "7", "eight" }, File.ReadAllLines(log));
        }

        [Fact]
        public async Task SIDE_EFFECT_LOG_FIELD_defaults_to_sequence_as_the_seeds()
        {
            var queue = await QueueAsync("sequence");
            await SendAsync(queue, "{\"id\":\"a\",\"sequence\":1}", "{\"id\":\"b\",\"sequence\":2}");
            var log = Path.Combine(_folder, "sequence.log");

            await RunAsync(queue, 2, new Hashtable { ["SIDE_EFFECT_LOG_PATH"] = log });

            Assert.Equal(new[] { "1", "2" }, File.ReadAllLines(log));
        }

        [Fact]
        public async Task Versioning_in_files_applies_only_newer_versions_keeps_the_state_as_JSON_and_logs_what_it_saw_and_applied()
        {
            var queue = await QueueAsync("versions");
            await SendAsync(queue,
                "{\"id\":\"m1\",\"acct\":\"a-1\",\"rev\":2}",
                "{\"id\":\"m2\",\"acct\":\"a-1\",\"rev\":1}",
                "{\"id\":\"m3\",\"acct\":\"a-2\",\"rev\":5}",
                "{\"id\":\"m4\",\"acct\":\"a-1\",\"rev\":3}");
            var state = Path.Combine(_folder, "state.json");
            var applied = Path.Combine(_folder, "applied.log");
            var seen = Path.Combine(_folder, "seen.log");

            await RunAsync(queue, 4, new Hashtable
            {
                ["VERSIONING_ENABLED"] = "1", ["VERSION_STATE_PATH"] = state, ["VERSION_LOG_PATH"] = applied,
                ["VERSION_SEEN_LOG_PATH"] = seen, ["ENTITY_KEY"] = "acct", ["VERSION_KEY"] = "rev",
            });

            var versions = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(state))!;
            Assert.Equal(new Dictionary<string, long> { ["a-1"] = 3, ["a-2"] = 5 }, versions);
            Assert.Equal(new[] { "2", "5", "3" }, File.ReadAllLines(applied));
            Assert.Equal(new[] { "2", "1", "5", "3" }, File.ReadAllLines(seen));
        }

        [Fact]
        public async Task Versioning_keys_default_to_entity_id_and_version()
        {
            var queue = await QueueAsync("defaults");
            await SendAsync(queue, "{\"id\":\"m1\",\"entity_id\":\"e\",\"version\":4}");
            var state = Path.Combine(_folder, "state.json");
            var applied = Path.Combine(_folder, "applied.log");

            await RunAsync(queue, 1, new Hashtable { ["VERSIONING_ENABLED"] = "true", ["VERSION_STATE_PATH"] = state, ["VERSION_LOG_PATH"] = applied });

            Assert.Equal("{\"e\":4}", File.ReadAllText(state));
            Assert.Equal(new[] { "4" }, File.ReadAllLines(applied));
        }

        [Fact]
        public async Task Consumers_sharing_the_files_never_lose_a_write()
        {
            var state = Path.Combine(_folder, "state.json");
            var log = Path.Combine(_folder, "applied.log");
            // Many versions of many entities written at once, as several consumers (or processes) do.
            await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => ReferenceConsumerFiles.ApplyVersionAsync(state, log, "e" + (i % 4), i, lastWriteWins: false))));

            var versions = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(state))!;
            Assert.Equal(new long[] { 40, 37, 38, 39 }, new[] { "e0", "e1", "e2", "e3" }.Select(e => versions[e]));
            Assert.All(File.ReadAllLines(log), line => Assert.InRange(long.Parse(line, System.Globalization.CultureInfo.InvariantCulture), 1, 40));
        }

        [Theory]
        [InlineData("VERSIONING_ENABLED", "1", "VERSION_STATE_PATH")]
        [InlineData("VERSION_STATE_PATH", "s.json", "VERSIONING_ENABLED")]
        [InlineData("VERSION_SEEN_LOG_PATH", "seen.log", "VERSIONING_ENABLED")]
        [InlineData("SIDE_EFFECT_LOG_FIELD", "step", "SIDE_EFFECT_LOG_PATH")]
        [InlineData("ENTITY_KEY", "acct", "VERSIONING_ENABLED")]
        [InlineData("VERSION_KEY", "rev", "VERSIONING_ENABLED")]
        public void A_file_variable_that_cannot_work_alone_is_refused_naming_what_it_needs(string name, string value, string named)
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", [name] = value });
            var error = Assert.ThrowsAny<ArgumentException>(() => options.Validate());
            Assert.Contains(named, error.Message);
        }

        private async Task<ConsumerSummary> RunAsync(string queueUrl, int messages, Hashtable variables)
        {
            variables["QUEUE_URL"] = queueUrl;
            variables["MESSAGE_LIMIT"] = messages.ToString(System.Globalization.CultureInfo.InvariantCulture);
            variables["WAIT_TIME_SECONDS"] = "1";
            var options = ReferenceConsumerVariables.Read(variables);
            options.ConsumerId = "c1";
            var run = Task.Run(() => new Consumer(_backend, options).RunAsync(null, CancellationToken.None));
            if (await Task.WhenAny(run, Task.Delay(Patience)) != run)
                throw new Xunit.Sdk.XunitException("The consumer did not end. Journal:\n" + string.Join("\n", _backend.Journal.Snapshot()));
            var summary = await run;
            Assert.Equal(ConsumerEnding.MessageLimit, summary.Ending);
            return summary;
        }

        private Task<string> QueueAsync(string name) =>
            _backend.Broker.CreateQueueAsync(name, new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "30" });

        private async Task SendAsync(string queueUrl, params string[] bodies)
        {
            foreach (var body in bodies)
                await _backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body });
        }
    }
}
