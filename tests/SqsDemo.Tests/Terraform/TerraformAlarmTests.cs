using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Terraform
{
    /// <summary>
    /// terraform/alarms.tf as a reviewer reads it (issue 21): every scenario queue has CloudWatch alarms on its depth and
    /// on the age of its oldest message, every dead-letter queue one on its first message, the thresholds are variables,
    /// and notifications go to an SNS topic only when asked for. Read structurally (Hcl); terraform/tests/alarms.tftest.hcl
    /// checks the values Terraform computes.
    /// </summary>
    public sealed class TerraformAlarmTests
    {
        private static HclBlock Alarm(string name) =>
            Assert.Single(TerraformFiles.Resources("aws_cloudwatch_metric_alarm"), r => r.Label(1) == name);

        private static HclBlock Variable(string name) =>
            Assert.Single(TerraformFiles.Configuration(), b => b.Type == "variable" && b.Label(0) == name);

        [Theory]
        [InlineData("queue_depth", "ApproximateNumberOfMessagesVisible", "var.alarm_depth_threshold", "var.alarm_evaluation_periods")]
        [InlineData("oldest_message_age", "ApproximateAgeOfOldestMessage", "var.alarm_age_threshold_seconds", "var.alarm_evaluation_periods")]
        [InlineData("dead_letters", "ApproximateNumberOfMessagesVisible", "var.alarm_dead_letter_threshold", "1")]
        public void Each_alarm_watches_its_SQS_metric_at_a_threshold_given_by_a_variable(string name, string metric, string threshold, string evaluationPeriods)
        {
            var alarm = Alarm(name).Body;
            Assert.Equal("AWS/SQS", Hcl.StringLiteral(alarm["namespace"] ?? ""));
            Assert.Equal(metric, Hcl.StringLiteral(alarm["metric_name"] ?? ""));
            Assert.Equal("Maximum", Hcl.StringLiteral(alarm["statistic"] ?? ""));
            Assert.Equal("GreaterThanThreshold", Hcl.StringLiteral(alarm["comparison_operator"] ?? ""));
            Assert.Equal(threshold, alarm["threshold"]);
            Assert.Equal(evaluationPeriods, alarm["evaluation_periods"]);
            Assert.Equal("var.alarm_period_seconds", alarm["period"]);
            Assert.Equal("notBreaching", Hcl.StringLiteral(alarm["treat_missing_data"] ?? ""));
            Assert.Equal("local.alarm_actions", alarm["alarm_actions"]);
            Assert.Equal("local.alarm_actions", alarm["ok_actions"]);
        }

        [Fact]
        public void Every_scenario_queue_and_every_dead_letter_queue_own_or_shared_is_alarmed_by_its_name()
        {
            Assert.Equal(Assert.Single(TerraformFiles.Resources("aws_sqs_queue"), r => r.Label(1) == "main").Body["for_each"], Alarm("queue_depth").Body["for_each"]);
            Assert.Equal("local.scenarios", Alarm("oldest_message_age").Body["for_each"]);
            foreach (var name in new[] { "queue_depth", "oldest_message_age" })
                Assert.Equal("{ QueueName = aws_sqs_queue.main[each.key].name }", Alarm(name).Body["dimensions"]);

            Assert.Equal("local.alarmed_dead_letter_queues", Alarm("dead_letters").Body["for_each"]);
            Assert.Equal("{ QueueName = each.value }", Alarm("dead_letters").Body["dimensions"]);
            var queues = TerraformFiles.Locals()["alarmed_dead_letter_queues"];
            Assert.Contains("for name, q in aws_sqs_queue.dlq : name => q.name", queues);
            Assert.Contains("for name, q in aws_sqs_queue.shared_dlq : name => q.name", queues);
        }

        [Fact]
        public void Notifications_go_to_an_encrypted_SNS_topic_only_when_enable_alarm_topic_is_set()
        {
            Assert.Equal("false", Variable("enable_alarm_topic").Body["default"]);
            Assert.Equal("var.enable_alarm_topic ? [aws_sns_topic.alarms[0].arn] : []", TerraformFiles.Locals()["alarm_actions"]);
            var topic = Assert.Single(TerraformFiles.Resources("aws_sns_topic"), r => r.Label(1) == "alarms").Body;
            Assert.Equal("var.enable_alarm_topic ? 1 : 0", topic["count"]);
            Assert.Equal("alias/aws/sns", Hcl.StringLiteral(topic["kms_master_key_id"] ?? ""));
        }

        [Fact]
        public void The_thresholds_default_to_sensible_values_and_the_period_to_SQS_s_one_minute()
        {
            Assert.Equal(100, TerraformFiles.VariableDefault("alarm_depth_threshold"));
            Assert.Equal(300, TerraformFiles.VariableDefault("alarm_age_threshold_seconds"));
            Assert.Equal(0, TerraformFiles.VariableDefault("alarm_dead_letter_threshold"));
            Assert.Equal(60, TerraformFiles.VariableDefault("alarm_period_seconds"));
            Assert.Equal(2, TerraformFiles.VariableDefault("alarm_evaluation_periods"));
            Assert.Contains("var.alarm_period_seconds % 60 == 0", Assert.Single(Variable("alarm_period_seconds").Body.All("validation")).Body["condition"]);
        }

        /// <summary>The alarms Terraform makes on AWS are the ones the observability scenario attaches to a run.</summary>
        [Fact]
        public void The_observability_scenario_attaches_the_same_metrics_the_terraform_alarms_watch()
        {
            var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "scenarios", "observability.ps1"));
            var attached = Regex.Matches(script, @"New-DemoAlarm\b[^\n]*-MetricName (\w+)").Select(m => m.Groups[1].Value).ToArray();
            var watched = new[] { "queue_depth", "oldest_message_age", "dead_letters" }.Select(a => Hcl.StringLiteral(Alarm(a).Body["metric_name"] ?? "")).ToArray();
            Assert.Equal(watched, attached);
        }
    }
}
