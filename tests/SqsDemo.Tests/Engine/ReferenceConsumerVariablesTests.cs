using System;
using System.Collections;
using System.Linq;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    public sealed class ReferenceConsumerVariablesTests
    {
        [Fact]
        public void The_seeds_variables_set_every_knob()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable
            {
                ["QUEUE_URL"] = "http://q/1/x", ["WAIT_TIME_SECONDS"] = "5", ["MAX_MESSAGES"] = "10",
                ["SLEEP_MIN_SECONDS"] = "0.5", ["SLEEP_MAX_SECONDS"] = "2", ["LONG_SLEEP_SECONDS"] = "12", ["LONG_SLEEP_EVERY"] = "7",
                ["CRASH_RATE"] = "0.2", ["CRASH_AFTER_RECEIVE"] = "false", ["CRASH_AFTER_SIDE_EFFECT"] = "1",
                ["IDEMPOTENCY_CACHE_SIZE"] = "100", ["MESSAGE_LIMIT"] = "50", ["IDLE_TIMEOUT_SECONDS"] = "30",
                ["REJECT_PAYLOAD_MARKER"] = "BAD", ["MESSAGE_STATUS_TABLE"] = "s", ["MESSAGE_SIDE_EFFECTS_TABLE"] = "e",
                ["SIDE_EFFECT_DELAY_SECONDS"] = "3", ["BUSINESS_IDEMPOTENCY_FIELD"] = "order_id", ["LOG_LEVEL"] = "warning",
                ["HEARTBEAT_SECONDS"] = "4", ["STALE_AFTER_SECONDS"] = "300",
            });
            Assert.Equal("http://q/1/x", options.QueueUrl);
            Assert.Equal(5, options.Receive.WaitTimeSeconds);
            Assert.Equal(10, options.Receive.MaxMessages);
            Assert.Equal(0.5, options.Work.SleepMinSeconds);
            Assert.Equal(2, options.Work.SleepMaxSeconds);
            Assert.Equal(12, options.Chaos.LongSleepSeconds);
            Assert.Equal(7, options.Chaos.LongSleepEvery);
            Assert.Equal(0.2, options.Chaos.CrashRate);
            Assert.False(options.Chaos.CrashAfterReceive);
            Assert.True(options.Chaos.CrashAfterSideEffect);
            Assert.Equal(100, options.Work.IdempotencyCacheSize);
            Assert.Equal(50, options.Receive.MessageLimit);
            Assert.Equal(30, options.Receive.IdleTimeoutSeconds);
            Assert.Equal("BAD", options.Work.RejectPayloadMarker);
            Assert.True(options.Ledger.UsesLedger);
            Assert.Equal(3, options.Ledger.SideEffectDelaySeconds);
            Assert.Equal("order_id", options.Ledger.BusinessIdempotencyField);
            Assert.Equal(ConsumerLogLevel.Warning, options.LogLevel);
            Assert.Equal(4, options.Receive.HeartbeatSeconds);
            Assert.Equal(300, options.Receive.StaleAfterSeconds);
            options.Validate();
        }

        [Fact]
        public void The_ledgers_effect_log_and_versions_tables_come_from_their_variables_as_Terraform_sets_them_for_a_task()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable
            {
                ["QUEUE_URL"] = "http://q/1/x", ["MESSAGE_STATUS_TABLE"] = "s", ["MESSAGE_SIDE_EFFECTS_TABLE"] = "e",
                ["EFFECT_LOG_TABLE"] = "log", ["ENTITY_VERSIONS_TABLE"] = "versions", ["VERSIONING_ENABLED"] = "true",
            });
            Assert.Equal(("log", "versions"), (options.Ledger.EffectLogTable, options.Ledger.VersionsTable));
            options.Validate(); // versioning in the tables has both it needs
        }

        [Fact]
        public void A_staleness_limit_may_be_a_fraction_of_a_second_as_a_scaled_run_gives_it_a_process()
        {
            // At x20 a 48 s limit is 2.4 s of the process's own time: SqsDemo's consumer as a process must take it.
            Assert.Equal(2.4, ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["STALE_AFTER_SECONDS"] = "2.4" }).Receive.StaleAfterSeconds);
            var zero = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["STALE_AFTER_SECONDS"] = "0" });
            Assert.Throws<System.ArgumentOutOfRangeException>(() => zero.Validate());
        }

        [Fact]
        public void Empty_or_absent_heartbeat_and_staleness_variables_leave_both_off()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["HEARTBEAT_SECONDS"] = "", ["STALE_AFTER_SECONDS"] = " " });
            Assert.Null(options.Receive.HeartbeatSeconds);
            Assert.Null(options.Receive.StaleAfterSeconds);
            Assert.Null(ReferenceConsumerVariables.Read(new Hashtable()).Receive.HeartbeatSeconds);
        }

        [Fact]
        public void BACKOFF_BASE_SECONDS_and_BACKOFF_MAX_SECONDS_set_the_retry_backoff_and_absent_leave_it_off()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["BACKOFF_BASE_SECONDS"] = "1.5", ["BACKOFF_MAX_SECONDS"] = "120" });
            Assert.Equal(1.5, options.Receive.BackoffBaseSeconds);
            Assert.Equal(120, options.Receive.BackoffMaxSeconds);
            var off = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["BACKOFF_BASE_SECONDS"] = "" });
            Assert.Null(off.Receive.BackoffBaseSeconds);
            Assert.Equal(900, off.Receive.BackoffMaxSeconds);
        }

        [Fact]
        public void Absent_variables_take_the_seeds_defaults_a_10_s_poll_a_cache_of_1000_and_no_reject_marker()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x" });
            Assert.Equal(10, options.Receive.WaitTimeSeconds);
            Assert.Equal(1, options.Receive.MaxMessages);
            Assert.Equal(1000, options.Work.IdempotencyCacheSize);
            Assert.True(string.IsNullOrEmpty(options.Work.RejectPayloadMarker));
            Assert.False(options.Ledger.Versioning);
            Assert.Null(options.Ledger.SideEffectLogPath);
            Assert.Null(options.Ledger.SideEffectLogField);
            options.Validate();
        }

        [Fact]
        public void The_seeds_file_variables_set_the_side_effect_log_and_versioning()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable
            {
                ["QUEUE_URL"] = "http://q/1/x", ["SIDE_EFFECT_LOG_PATH"] = "/tmp/e.log", ["SIDE_EFFECT_LOG_FIELD"] = "step",
                ["VERSIONING_ENABLED"] = "1", ["VERSION_STATE_PATH"] = "/tmp/s.json", ["VERSION_LOG_PATH"] = "/tmp/v.log",
                ["VERSION_SEEN_LOG_PATH"] = "/tmp/seen.log", ["VERSION_KEY"] = "rev", ["ENTITY_KEY"] = "acct",
            });
            Assert.Equal("/tmp/e.log", options.Ledger.SideEffectLogPath);
            Assert.Equal("step", options.Ledger.SideEffectLogField);
            Assert.True(options.Ledger.Versioning);
            Assert.Equal("/tmp/s.json", options.Ledger.VersionStatePath);
            Assert.Equal("/tmp/v.log", options.Ledger.VersionLogPath);
            Assert.Equal("/tmp/seen.log", options.Ledger.VersionSeenLogPath);
            Assert.Equal("rev", options.Ledger.VersionKey);
            Assert.Equal("acct", options.Ledger.EntityKey);
            options.Validate();
        }

        [Fact]
        public void A_malformed_value_names_its_variable()
        {
            var error = Assert.Throws<ArgumentException>(() => ReferenceConsumerVariables.Read(new Hashtable { ["CRASH_RATE"] = "lots" }));
            Assert.Contains("CRASH_RATE", error.Message);
        }

        [Theory]
        [InlineData("WAIT_TIME_SECONDS", "")]
        [InlineData("MAX_MESSAGES", "")]
        [InlineData("CRASH_RATE", " ")]
        [InlineData("LOG_LEVEL", " ")]
        [InlineData("HEARTBEAT_SECONDS", "x")]
        public void An_empty_or_blank_value_that_its_variable_parses_is_refused_naming_it(string variable, string value)
        {
            var error = Assert.Throws<ArgumentException>(() => ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", [variable] = value }));
            Assert.Contains(variable, error.Message);
        }

        [Fact]
        public void Variables_whose_empty_value_means_absent_keep_their_defaults()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable
            {
                ["QUEUE_URL"] = "http://q/1/x", ["BACKOFF_MAX_SECONDS"] = "", ["MESSAGE_STATUS_TABLE"] = "", ["MESSAGE_SIDE_EFFECTS_TABLE"] = "",
                ["BUSINESS_IDEMPOTENCY_FIELD"] = "", ["LOG_LEVEL"] = "", ["VERSION_KEY"] = " ", ["ENTITY_KEY"] = "", ["VERSIONING_ENABLED"] = " ",
                ["SIDE_EFFECT_LOG_PATH"] = " ",
            });
            Assert.Equal(900, options.Receive.BackoffMaxSeconds);
            Assert.False(options.Ledger.UsesLedger);
            Assert.Null(options.Ledger.BusinessIdempotencyField);
            Assert.Equal(ConsumerLogLevel.Info, options.LogLevel);
            Assert.Equal(LedgerOptions.DefaultVersionKey, options.Ledger.VersionKey);
            Assert.Equal(LedgerOptions.DefaultEntityKey, options.Ledger.EntityKey);
            Assert.False(options.Ledger.Versioning);
            Assert.Null(options.Ledger.SideEffectLogPath);
            options.Validate();
        }

        [Fact]
        public void An_empty_flag_is_false_and_an_empty_reject_marker_turns_rejection_off()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["CRASH_AFTER_RECEIVE"] = "", ["REJECT_PAYLOAD_MARKER"] = "" });
            Assert.False(options.Chaos.CrashAfterReceive);
            Assert.Equal("", options.Work.RejectPayloadMarker);
        }

        [Fact]
        public void Every_variable_the_reader_names_is_read_through_a_row_of_the_option_table()
        {
            var named = typeof(ReferenceConsumerVariables).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && !f.Name.StartsWith("Default", StringComparison.Ordinal))
                .Select(f => (string)f.GetRawConstantValue()!).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            var inTable = ConsumerOptionTable.Rows.Select(row => row.Variable).OfType<string>().OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(named, inTable);
        }
    }
}
