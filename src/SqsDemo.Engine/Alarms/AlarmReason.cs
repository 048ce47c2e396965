using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SqsDemo.Engine.Alarms
{
    /// <summary>
    /// CloudWatch's StateReason sentences: "Threshold Crossed: 3 out of the last 3 datapoints [9.0 (04/12/26
    /// 11:03:00), ...] were greater than the threshold (5.0) (minimum 3 datapoints for OK -> ALARM transition)."
    /// Datapoints are listed newest first, each with its period's start, as CloudWatch lists them.
    /// </summary>
    public static class AlarmReason
    {
        public static string ThresholdCrossed(AlarmDefinition alarm, AlarmState state, IReadOnlyList<AlarmDatapoint> points, int filled, bool filledBreach)
        {
            var n = alarm.EvaluationPeriods;
            var alarming = state == AlarmState.ALARM;
            var counted = points.Where(p => alarm.Breaches(p.Value) == alarming).ToArray();
            var countedTotal = counted.Length + (filledBreach == alarming ? filled : 0);
            var text = points.Count == 0
                ? "Threshold Crossed: no datapoints were received for " + Plural(n, "period")
                : "Threshold Crossed: " + Number(countedTotal) + " out of the last " + Plural(n, "datapoint") + " " + List(counted) + " "
                  + (countedTotal == 1 ? "was " : "were ") + (alarming ? "" : "not ") + alarm.ComparisonWords + " the threshold (" + Value(alarm.Threshold) + ")";
            if (filled > 0)
                text += " and " + Plural(filled, "missing datapoint") + (filled == 1 ? " was" : " were") + " treated as [" + (filledBreach ? "Breaching" : "NonBreaching") + "]";
            var minimum = alarming ? alarm.DatapointsToAlarm : n - alarm.DatapointsToAlarm + 1;
            return text + " (minimum " + Plural(minimum, "datapoint") + " for " + (alarming ? "OK -> ALARM" : "ALARM -> OK") + " transition).";
        }

        /// <summary>Treat missing data as missing, and every real datapoint breaching from the oldest evaluated on.</summary>
        public static string OldestBreaching(AlarmDefinition alarm, IReadOnlyList<AlarmDatapoint> points) =>
            "Threshold Crossed: " + Plural(points.Count, "datapoint") + " " + List(points) + (points.Count == 1 ? " was " : " were ") + alarm.ComparisonWords
            + " the threshold (" + Value(alarm.Threshold) + ") and the rest of the last " + Plural(alarm.EvaluationPeriods, "datapoint") + " were missing.";

        public static string Insufficient(AlarmDefinition alarm, int unknown) =>
            "Insufficient Data: " + Plural(unknown, "datapoint") + (unknown == 1 ? " was" : " were") + " unknown.";

        public static string Kept(AlarmDefinition alarm, AlarmState current) =>
            "Missing data is ignored: the alarm stays " + current + ".";

        private static string List(IEnumerable<AlarmDatapoint> points) =>
            "[" + string.Join(", ", points.Reverse().Select(p => Value(p.Value) + " (" + p.Timestamp.UtcDateTime.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture) + ")")) + "]";

        /// <summary>CloudWatch writes values with at least one decimal: 5.0, 2.5.</summary>
        public static string Value(double value) =>
            value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("0.0###############", CultureInfo.InvariantCulture);

        private static string Number(int count) => count.ToString(CultureInfo.InvariantCulture);

        private static string Plural(int count, string noun) => Number(count) + " " + noun + (count == 1 ? "" : "s");
    }
}
