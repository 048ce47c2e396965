using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Metrics;
using Xunit;

namespace SqsDemo.Tests.Metrics
{
    /// <summary>
    /// The alarm evaluation against CloudWatch's documented examples: Amazon CloudWatch User Guide, "Using Amazon
    /// CloudWatch alarms", section "How alarm state is evaluated when data is missing" (the two tables, 3 of 3 and
    /// 2 of 3, evaluation range 5), https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
    /// (awsdocs/amazon-cloudwatch-user-guide, doc_source/AlarmThatSendsEmail.md). In a row, 0 is a non-breaching
    /// datapoint, X a breaching one, - a missing one, oldest first; "Retain" is the documented "Retain current state".
    /// </summary>
    public sealed class AlarmEvaluatorTests
    {
        private const double Threshold = 5;
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.Zero);

        public static IEnumerable<object[]> ThreeOfThree() => Table(3, new[]
        {
            // Data points, MISSING, IGNORE, BREACHING, NOT BREACHING
            ("0 - X - X", "OK", "OK", "OK", "OK"),
            ("0 - - - -", "OK", "OK", "OK", "OK"),
            ("- - - - -", "INSUFFICIENT_DATA", "Retain", "ALARM", "OK"),
            ("0 X X - X", "ALARM", "ALARM", "ALARM", "ALARM"),
            ("- - - - X", "INSUFFICIENT_DATA", "Retain", "ALARM", "OK"),
            ("X - - - -", "ALARM", "Retain", "ALARM", "OK"),
        });

        public static IEnumerable<object[]> TwoOfThree() => Table(2, new[]
        {
            ("0 - X - X", "ALARM", "ALARM", "ALARM", "ALARM"),
            ("0 0 X 0 X", "ALARM", "ALARM", "ALARM", "ALARM"),
            ("0 - X - -", "OK", "OK", "ALARM", "OK"),
            ("- - - - 0", "OK", "OK", "ALARM", "OK"),
            ("- - - - X", "INSUFFICIENT_DATA", "Retain", "ALARM", "OK"),
        });

        [Theory]
        [MemberData(nameof(ThreeOfThree))]
        public void Three_of_three_alarm_as_the_user_guide_tabulates(string row, TreatMissingData treatment, string expected) =>
            AssertRow(3, row, treatment, expected);

        [Theory]
        [MemberData(nameof(TwoOfThree))]
        public void Two_of_three_alarm_as_the_user_guide_tabulates(string row, TreatMissingData treatment, string expected) =>
            AssertRow(2, row, treatment, expected);

        [Fact]
        public void The_evaluation_range_is_five_periods_for_three_evaluation_periods_as_in_the_guide()
        {
            Assert.Equal(5, Alarm(3, 3, TreatMissingData.Missing).EvaluationRange);
        }

        [Fact]
        public void The_state_reason_reads_as_cloudwatchs()
        {
            var evaluation = AlarmEvaluator.Evaluate(Alarm(3, 3, TreatMissingData.Missing), Row("0 X X X X"), AlarmState.OK);
            Assert.Equal(AlarmState.ALARM, evaluation.State);
            Assert.Equal("Threshold Crossed: 3 out of the last 3 datapoints [9.0 (04/12/26 11:04:00), 9.0 (04/12/26 11:03:00), 9.0 (04/12/26 11:02:00)] "
                + "were greater than the threshold (5.0) (minimum 3 datapoints for OK -> ALARM transition).", evaluation.Reason);
            var missing = AlarmEvaluator.Evaluate(Alarm(3, 3, TreatMissingData.Breaching), Row("- - - - -"), AlarmState.OK);
            Assert.StartsWith("Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching]", missing.Reason);
            var unknown = AlarmEvaluator.Evaluate(Alarm(3, 3, TreatMissingData.Missing), Row("- - - - -"), AlarmState.OK);
            Assert.Equal("Insufficient Data: 3 datapoints were unknown.", unknown.Reason);
        }

        [Theory]
        [InlineData(ComparisonOperator.GreaterThanThreshold, 5, false)]
        [InlineData(ComparisonOperator.GreaterThanOrEqualToThreshold, 5, true)]
        [InlineData(ComparisonOperator.LessThanThreshold, 5, false)]
        [InlineData(ComparisonOperator.LessThanOrEqualToThreshold, 5, true)]
        [InlineData(ComparisonOperator.LessThanThreshold, 4, true)]
        public void Each_comparison_operator_compares_with_the_threshold(ComparisonOperator comparison, double value, bool breaches)
        {
            var alarm = new AlarmDefinition("a", MetricCatalog.Find("ApproximateNumberOfMessagesVisible")!, "q", MetricStatistic.Maximum, 60, Threshold, comparison);
            Assert.Equal(breaches, alarm.Breaches(value));
        }

        [Theory]
        [InlineData(3, 4, 60)]
        [InlineData(0, 1, 60)]
        [InlineData(3, 3, 45)]
        [InlineData(3, 0, 60)]
        [InlineData(1441, 1, 60)]
        public void PutMetricAlarms_rules_refuse_a_bad_alarm(int evaluationPeriods, int datapointsToAlarm, int period)
        {
            Assert.Throws<ArgumentException>(() => new AlarmDefinition("a", MetricCatalog.Find("NumberOfMessagesSent")!, "q", MetricStatistic.Sum, period, 1,
                ComparisonOperator.GreaterThanThreshold, evaluationPeriods, datapointsToAlarm));
        }

        private static void AssertRow(int datapointsToAlarm, string row, TreatMissingData treatment, string expected)
        {
            // "Retain current state": the alarm keeps whatever it was, shown from each starting state.
            foreach (var current in new[] { AlarmState.OK, AlarmState.ALARM, AlarmState.INSUFFICIENT_DATA })
            {
                var evaluation = AlarmEvaluator.Evaluate(Alarm(3, datapointsToAlarm, treatment), Row(row), current);
                var want = expected == "Retain" ? current : (AlarmState)Enum.Parse(typeof(AlarmState), expected);
                Assert.True(want == evaluation.State, $"{row} treated as {treatment}, from {current}: expected {want}, got {evaluation.State} ({evaluation.Reason})");
            }
        }

        private static IEnumerable<object[]> Table(int datapointsToAlarm, (string Row, string Missing, string Ignore, string Breaching, string NotBreaching)[] rows) =>
            rows.SelectMany(r => new[]
            {
                new object[] { r.Row, TreatMissingData.Missing, r.Missing },
                new object[] { r.Row, TreatMissingData.Ignore, r.Ignore },
                new object[] { r.Row, TreatMissingData.Breaching, r.Breaching },
                new object[] { r.Row, TreatMissingData.NotBreaching, r.NotBreaching },
            });

        private static AlarmDefinition Alarm(int evaluationPeriods, int datapointsToAlarm, TreatMissingData treatment) =>
            new AlarmDefinition("depth", MetricCatalog.Find("ApproximateNumberOfMessagesVisible")!, "q", MetricStatistic.Maximum, 60, Threshold,
                ComparisonOperator.GreaterThanThreshold, evaluationPeriods, datapointsToAlarm, treatment);

        /// <summary>"0 - X - X" as datapoints a minute apart: 0 is 1.0 (under the threshold 5), X is 9.0, - is missing.</summary>
        private static IReadOnlyList<AlarmDatapoint?> Row(string row) =>
            row.Split(' ').Select((c, i) => c == "-" ? null : new AlarmDatapoint(c == "X" ? 9 : 1, Start.AddMinutes(i))).ToArray();
    }
}
