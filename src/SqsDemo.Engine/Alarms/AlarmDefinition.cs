using System;
using System.Globalization;
using SqsDemo.Engine.Metrics;

namespace SqsDemo.Engine.Alarms
{
    /// <summary>What PutMetricAlarm takes for a metric alarm on one queue's metric.</summary>
    public sealed class AlarmDefinition
    {
        public AlarmDefinition(string name, MetricDefinition metric, string queueUrl, MetricStatistic statistic, int periodSeconds, double threshold,
            ComparisonOperator comparisonOperator, int evaluationPeriods = 1, int? datapointsToAlarm = null, TreatMissingData treatMissingData = TreatMissingData.Missing)
        {
            Name = name;
            Metric = metric;
            QueueUrl = queueUrl;
            Statistic = statistic;
            PeriodSeconds = periodSeconds;
            Threshold = threshold;
            ComparisonOperator = comparisonOperator;
            EvaluationPeriods = evaluationPeriods;
            DatapointsToAlarm = datapointsToAlarm ?? evaluationPeriods;
            TreatMissingData = treatMissingData;
            Validate();
        }

        public string Name { get; }
        public MetricDefinition Metric { get; }
        public string QueueUrl { get; }
        public MetricStatistic Statistic { get; }
        public int PeriodSeconds { get; }
        public double Threshold { get; }
        public ComparisonOperator ComparisonOperator { get; }
        /// <summary>N: the most recent periods evaluated.</summary>
        public int EvaluationPeriods { get; }
        /// <summary>M: how many of the N must breach for ALARM (M out of N); N when not given.</summary>
        public int DatapointsToAlarm { get; }
        public TreatMissingData TreatMissingData { get; }

        /// <summary>
        /// How many recent periods CloudWatch retrieves to evaluate: more than N, in case the latest are
        /// missing. The User Guide's example retrieves 5 for 3 evaluation periods; this takes N + 2 for every N.
        /// </summary>
        public int EvaluationRange => EvaluationPeriods + 2;

        public bool Breaches(double value)
        {
            switch (ComparisonOperator)
            {
                case ComparisonOperator.GreaterThanOrEqualToThreshold: return value >= Threshold;
                case ComparisonOperator.GreaterThanThreshold: return value > Threshold;
                case ComparisonOperator.LessThanThreshold: return value < Threshold;
                case ComparisonOperator.LessThanOrEqualToThreshold: return value <= Threshold;
                default: throw new ArgumentOutOfRangeException(nameof(ComparisonOperator), ComparisonOperator, null);
            }
        }

        /// <summary>The condition in short: "Maximum ApproximateNumberOfMessagesVisible > 5.0, 2 of 3 x 60s, missing data: Missing".</summary>
        public string Condition
        {
            get
            {
                var symbol = ComparisonOperator == ComparisonOperator.GreaterThanThreshold ? ">" : ComparisonOperator == ComparisonOperator.GreaterThanOrEqualToThreshold ? ">="
                    : ComparisonOperator == ComparisonOperator.LessThanThreshold ? "<" : "<=";
                return FormattableString.Invariant($"{Statistic} {Metric.Name} {symbol} {AlarmReason.Value(Threshold)}, {DatapointsToAlarm} of {EvaluationPeriods} x {PeriodSeconds}s, missing data: {TreatMissingData}");
            }
        }

        public override string ToString() => Name + ": " + Condition;

        /// <summary>CloudWatch's words for the comparison in a StateReason: "greater than or equal to".</summary>
        public string ComparisonWords
        {
            get
            {
                switch (ComparisonOperator)
                {
                    case ComparisonOperator.GreaterThanOrEqualToThreshold: return "greater than or equal to";
                    case ComparisonOperator.GreaterThanThreshold: return "greater than";
                    case ComparisonOperator.LessThanThreshold: return "less than";
                    default: return "less than or equal to";
                }
            }
        }

        /// <summary>An alarm's period: 10 or 30 seconds (a high-resolution alarm) or a multiple of 60 (User Guide, "High-resolution alarms").</summary>
        public static bool IsValidPeriod(int seconds) => seconds == 10 || seconds == 30 || (seconds > 0 && seconds % 60 == 0);

        /// <summary>PutMetricAlarm's rules: a name, a valid period, 1 ≤ M ≤ N, and N periods of at most a day.</summary>
        private void Validate()
        {
            if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("An alarm needs a name.", nameof(Name));
            if (string.IsNullOrEmpty(QueueUrl)) throw new ArgumentException("An alarm needs the queue whose metric it watches.", nameof(QueueUrl));
            if (!IsValidPeriod(PeriodSeconds))
                throw new ArgumentException("Period " + PeriodSeconds.ToString(CultureInfo.InvariantCulture) + " is not valid: use 10, 30 or a multiple of 60 seconds.", nameof(PeriodSeconds));
            if (EvaluationPeriods < 1) throw new ArgumentException("EvaluationPeriods must be 1 or more.", nameof(EvaluationPeriods));
            if (DatapointsToAlarm < 1 || DatapointsToAlarm > EvaluationPeriods)
                throw new ArgumentException("DatapointsToAlarm must be from 1 to EvaluationPeriods (" + EvaluationPeriods.ToString(CultureInfo.InvariantCulture) + ").", nameof(DatapointsToAlarm));
            if ((long)PeriodSeconds * EvaluationPeriods > 86400)
                throw new ArgumentException("Period × EvaluationPeriods must not exceed one day (86400 seconds).", nameof(EvaluationPeriods));
            if (double.IsNaN(Threshold) || double.IsInfinity(Threshold)) throw new ArgumentException("The threshold must be a number.", nameof(Threshold));
        }
    }
}
