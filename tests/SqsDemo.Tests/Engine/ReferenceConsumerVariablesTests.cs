using System;
using System.Collections;
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
            Assert.Equal(5, options.WaitTimeSeconds);
            Assert.Equal(10, options.MaxMessages);
            Assert.Equal(0.5, options.SleepMinSeconds);
            Assert.Equal(2, options.SleepMaxSeconds);
            Assert.Equal(12, options.LongSleepSeconds);
            Assert.Equal(7, options.LongSleepEvery);
            Assert.Equal(0.2, options.CrashRate);
            Assert.False(options.CrashAfterReceive);
            Assert.True(options.CrashAfterSideEffect);
            Assert.Equal(100, options.IdempotencyCacheSize);
            Assert.Equal(50, options.MessageLimit);
            Assert.Equal(30, options.IdleTimeoutSeconds);
            Assert.Equal("BAD", options.RejectPayloadMarker);
            Assert.True(options.UsesLedger);
            Assert.Equal(3, options.SideEffectDelaySeconds);
            Assert.Equal("order_id", options.BusinessIdempotencyField);
            Assert.Equal(ConsumerLogLevel.Warning, options.LogLevel);
            Assert.Equal(4, options.HeartbeatSeconds);
            Assert.Equal(300, options.StaleAfterSeconds);
            options.Validate();
        }

        [Fact]
        public void Empty_or_absent_heartbeat_and_staleness_variables_leave_both_off()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["HEARTBEAT_SECONDS"] = "", ["STALE_AFTER_SECONDS"] = " " });
            Assert.Null(options.HeartbeatSeconds);
            Assert.Null(options.StaleAfterSeconds);
            Assert.Null(ReferenceConsumerVariables.Read(new Hashtable()).HeartbeatSeconds);
        }

        [Fact]
        public void BACKOFF_BASE_SECONDS_and_BACKOFF_MAX_SECONDS_set_the_retry_backoff_and_absent_leave_it_off()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["BACKOFF_BASE_SECONDS"] = "1.5", ["BACKOFF_MAX_SECONDS"] = "120" });
            Assert.Equal(1.5, options.BackoffBaseSeconds);
            Assert.Equal(120, options.BackoffMaxSeconds);
            var off = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x", ["BACKOFF_BASE_SECONDS"] = "" });
            Assert.Null(off.BackoffBaseSeconds);
            Assert.Equal(900, off.BackoffMaxSeconds);
        }

        [Fact]
        public void Absent_variables_take_the_seeds_defaults_a_10_s_poll_a_cache_of_1000_and_no_reject_marker()
        {
            var options = ReferenceConsumerVariables.Read(new Hashtable { ["QUEUE_URL"] = "http://q/1/x" });
            Assert.Equal(10, options.WaitTimeSeconds);
            Assert.Equal(1, options.MaxMessages);
            Assert.Equal(1000, options.IdempotencyCacheSize);
            Assert.True(string.IsNullOrEmpty(options.RejectPayloadMarker));
            Assert.False(options.Versioning);
            Assert.Null(options.SideEffectLogPath);
            Assert.Null(options.SideEffectLogField);
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
            Assert.Equal("/tmp/e.log", options.SideEffectLogPath);
            Assert.Equal("step", options.SideEffectLogField);
            Assert.True(options.Versioning);
            Assert.Equal("/tmp/s.json", options.VersionStatePath);
            Assert.Equal("/tmp/v.log", options.VersionLogPath);
            Assert.Equal("/tmp/seen.log", options.VersionSeenLogPath);
            Assert.Equal("rev", options.VersionKey);
            Assert.Equal("acct", options.EntityKey);
            options.Validate();
        }

        [Fact]
        public void A_malformed_value_names_its_variable()
        {
            var error = Assert.Throws<ArgumentException>(() => ReferenceConsumerVariables.Read(new Hashtable { ["CRASH_RATE"] = "lots" }));
            Assert.Contains("CRASH_RATE", error.Message);
        }
    }
}
