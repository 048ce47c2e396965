// The process side of an outside consumer: how it is started, what it is given, how its endings are told apart,
// how a stop escalates, and how a crash is followed by a fresh process.
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Outside;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Outside
{
    public sealed class ConsumerProcessTests
    {
        private static string PythonRunning(string program) => "\"" + MotoServer.Python + "\" -c \"" + program + "\"";

        [Fact]
        public async Task The_process_gets_the_seeds_variables_its_own_name_as_access_key_and_the_users_own_on_top()
        {
            using var rig = await OutsideRig.StartAsync();
            var lines = new ConcurrentQueue<ProcessOutputLine>();
            var options = rig.Options(PythonRunning(
                "import os, sys; e = os.environ; " +
                "print(e['AWS_ACCESS_KEY_ID'], e['QUEUE_URL'], e['AWS_ENDPOINT_URL'], e['MESSAGE_SIDE_EFFECTS_TABLE'], e['WAIT_TIME_SECONDS'], e['MINE'], e.get('IDLE_TIMEOUT_SECONDS', '-')); " +
                "print('to stderr', file=sys.stderr)"));
            options.Environment["MINE"] = "yes";
            options.Environment["IDLE_TIMEOUT_SECONDS"] = null;
            var summary = await OutsideRig.EndedAsync(rig.Start(options, (_, line) => lines.Enqueue(line)));

            Assert.Equal((ConsumerEnding.Exited, 0), (summary.Ending, summary.ExitCode));
            var stdout = Assert.Single(lines, l => l.Stream == ProcessStream.StandardOutput).Text.Split(' ');
            Assert.Equal("consumer-1", stdout[0]);
            Assert.Equal(rig.Endpoint.Sqs.Urls.ToClient(rig.Environment.QueueUrl), stdout[1]);
            Assert.StartsWith(rig.Endpoint.Url, stdout[1]);
            Assert.Equal(rig.Endpoint.Url, stdout[2]);
            Assert.Equal((rig.Environment.SideEffectsTable, "1", "yes", "-"), (stdout[3], stdout[4], stdout[5], stdout[6]));
            var stderr = Assert.Single(lines, l => l.Stream == ProcessStream.StandardError);
            Assert.Equal(("to stderr", "consumer-1"), (stderr.Text, stderr.ConsumerId));
            var started = Assert.Single(rig.EventsOf("consumer-1"), e => e.Kind == JournalEventKind.ConsumerStarted);
            Assert.True(started.ProcessId > 0);
        }

        [Fact]
        public async Task Stop_sends_SIGTERM_and_a_graceful_consumer_ends_Stopped_with_exit_code_0()
        {
            using var rig = await OutsideRig.StartAsync();
            await rig.SendAsync("s-1");
            var supervisor = rig.Start(rig.Options(OutsideRig.SeedConsumer));
            await rig.WaitForAsync(e => e.Kind == JournalEventKind.Deleted && e.Actor == "consumer-1");
            var summary = supervisor.Stop();
            Assert.Equal((ConsumerEnding.Stopped, 0, null), (summary.Ending, summary.ExitCode, summary.Reason));
            Assert.Equal(ConsumerEnding.Stopped, rig.EventsOf("consumer-1").Last().Ending);
        }

        [Fact]
        public async Task A_consumer_that_ignores_SIGTERM_is_killed_after_the_stop_timeout()
        {
            using var rig = await OutsideRig.StartAsync();
            var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = rig.Options(PythonRunning("import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(600)"));
            options.StopTimeoutSeconds = 0.5;
            var supervisor = rig.Start(options, (_, line) => { if (line.Text == "ready") ready.TrySetResult(true); });
            await ready.Task.WaitAsync(OutsideRig.WallBound);
            var summary = supervisor.Stop();
            Assert.Equal((ConsumerEnding.Crashed, 137), (summary.Ending, summary.ExitCode));
            Assert.Contains("did not stop within 0.5 s of SIGTERM", summary.Reason);
        }

        [Fact]
        public async Task A_non_zero_exit_is_a_crash_and_RestartOnCrash_starts_a_fresh_process_named_after_the_first()
        {
            using var rig = await OutsideRig.StartAsync();
            var marker = Path.Combine(Path.GetTempPath(), "sqsdemo-restart-" + Guid.NewGuid().ToString("N"));
            try
            {
                // Exits 3 the first time, 0 the second: a crash, then a clean end.
                var options = rig.Options(PythonRunning("import os, sys; first = not os.path.exists(sys.argv[1]); open(sys.argv[1], 'a').close(); sys.exit(3 if first else 0)") + " \"" + marker + "\"");
                options.RestartOnCrash = true;
                var summary = await OutsideRig.EndedAsync(rig.Start(options));

                Assert.Equal((ConsumerEnding.Exited, 1, 0), (summary.Ending, summary.Restarts, summary.ExitCode));
                var first = rig.EventsOf("consumer-1").Single(e => e.Kind == JournalEventKind.ConsumerEnded);
                Assert.Equal((ConsumerEnding.Crashed, 3), (first.Ending, first.ExitCode));
                Assert.Equal("exited on its own with code 3", first.Reason);
                Assert.Single(rig.EventsOf("consumer-1"), e => e.Kind == JournalEventKind.ConsumerRestarted);
                Assert.Equal(ConsumerEnding.Exited, rig.EventsOf("consumer-1#2").Single(e => e.Kind == JournalEventKind.ConsumerEnded).Ending);
            }
            finally
            {
                File.Delete(marker);
            }
        }

        [Fact]
        public async Task A_program_that_does_not_exist_cannot_start_and_leaves_nothing_behind()
        {
            using var rig = await OutsideRig.StartAsync();
            var error = Assert.Throws<ConsumerStartException>(() => rig.Start(rig.Options("no-such-consumer-program --fast")));
            Assert.Contains("no-such-consumer-program", error.Message);
            Assert.DoesNotContain(rig.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.ConsumerStarted);
        }

        [Fact]
        public async Task An_endpoint_that_checks_signatures_admits_the_process_under_its_own_name()
        {
            var signatures = new SqsDemo.Engine.Endpoint.Signing.SignatureVerifier(new[] { new System.Collections.Generic.KeyValuePair<string, string>("owner", "owners-secret") });
            using var rig = await OutsideRig.StartAsync(signatures: signatures);
            await rig.SendAsync("signed-1");
            var supervisor = rig.Start(rig.Options(OutsideRig.SeedConsumer));
            await rig.WaitForAsync(e => e.Kind == JournalEventKind.Deleted && e.Actor == "consumer-1");
            supervisor.Stop();
            Assert.Contains("consumer-1", rig.Endpoint.AccessKeyIds);
            Assert.Contains(rig.EventsOf("consumer-1"), e => e.Kind == JournalEventKind.TableRequest && e.Operation == "PutItem" && e.ErrorCode == null);
        }

        [Theory]
        [InlineData("python consume.py", "python", "consume.py")]
        [InlineData("  node   consumer.mjs --fast ", "node", "consumer.mjs --fast")]
        [InlineData("\"/opt/my consumer/run\" -v", "/opt/my consumer/run", "-v")]
        [InlineData("./consume", "./consume", "")]
        public void A_command_line_splits_into_the_program_and_the_rest(string text, string program, string arguments)
        {
            var command = ConsumerCommandLine.Parse(text);
            Assert.Equal((program, arguments), (command.Program, command.Arguments));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("\"unclosed consume.py")]
        [InlineData("\"\" consume.py")]
        public void A_command_line_without_a_program_is_refused(string text) =>
            Assert.Throws<ArgumentException>(() => ConsumerCommandLine.Parse(text));
    }
}
