using System;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Alarms
{
    /// <summary>
    /// CloudWatch's evaluation of a metric alarm, rule by rule as the User Guide states them ("Using Amazon
    /// CloudWatch alarms", sections "Evaluating an alarm" and "How alarm state is evaluated when data is
    /// missing", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html):
    /// <list type="bullet">
    /// <item>CloudWatch retrieves the evaluation range, more periods than N, in case the latest are missing.</item>
    /// <item>With N or more real datapoints in the range, the most recent N are evaluated; the missing-data
    /// treatment is not needed.</item>
    /// <item>With fewer, the real ones (whenever reported) are evaluated with as few filled-in missing ones as make
    /// N, filled as the treatment says: breaching, notBreaching; missing and ignore do not count them.</item>
    /// <item>M or more breaching of the N: ALARM; fewer: OK. Without any real datapoint, missing gives
    /// INSUFFICIENT_DATA and ignore keeps the current state; so does ignore when only fewer than M breaching
    /// datapoints are real, while missing goes to ALARM when the oldest evaluated datapoint breaches and none is
    /// non-breaching (the guide's tables and their explanation).</item>
    /// </list>
    /// </summary>
    public static class AlarmEvaluator
    {
        /// <param name="range">The evaluation range, oldest period first; null where the period had no datapoint.</param>
        public static AlarmEvaluation Evaluate(AlarmDefinition alarm, IReadOnlyList<AlarmDatapoint?> range, AlarmState current)
        {
            var n = alarm.EvaluationPeriods;
            var real = Enumerable.Range(0, range.Count).Where(i => range[i] != null).ToArray();
            if (real.Length >= n)
                return Crossed(alarm, real.Skip(real.Length - n).Select(i => range[i]!).ToArray(), 0, false);
            var fill = n - real.Length;
            var points = real.Select(i => range[i]!).ToArray();
            switch (alarm.TreatMissingData)
            {
                case TreatMissingData.Breaching:
                    return Crossed(alarm, points, fill, true);
                case TreatMissingData.NotBreaching:
                    return Crossed(alarm, points, fill, false);
                default:
                    return WithoutFilling(alarm, range, real, current);
            }
        }

        /// <summary>Missing and ignore: the real datapoints decide where they can; else the treatment does.</summary>
        private static AlarmEvaluation WithoutFilling(AlarmDefinition alarm, IReadOnlyList<AlarmDatapoint?> range, int[] real, AlarmState current)
        {
            var points = real.Select(i => range[i]!).ToArray();
            var breaching = points.Count(p => alarm.Breaches(p.Value));
            if (breaching >= alarm.DatapointsToAlarm || breaching < points.Length) return Crossed(alarm, points, 0, false);
            var ignore = alarm.TreatMissingData == TreatMissingData.Ignore;
            if (points.Length > 0 && !ignore && OldestEvaluatedIsReal(range, real, alarm.EvaluationPeriods))
                return new AlarmEvaluation(AlarmState.ALARM, AlarmReason.OldestBreaching(alarm, points));
            if (ignore) return new AlarmEvaluation(current, AlarmReason.Kept(alarm, current));
            return new AlarmEvaluation(AlarmState.INSUFFICIENT_DATA, AlarmReason.Insufficient(alarm, alarm.EvaluationPeriods - points.Length));
        }

        /// <summary>
        /// The datapoints evaluated are the real ones and, to make N, the most recent missing ones: is the oldest
        /// of them a real one?
        /// </summary>
        private static bool OldestEvaluatedIsReal(IReadOnlyList<AlarmDatapoint?> range, int[] real, int n)
        {
            var missing = Enumerable.Range(0, range.Count).Where(i => range[i] == null).Reverse().Take(n - real.Length).ToArray();
            return missing.Length == 0 || real.Min() < missing.Min();
        }

        /// <summary>M of N with <paramref name="filled"/> missing datapoints counted as breaching or not.</summary>
        private static AlarmEvaluation Crossed(AlarmDefinition alarm, IReadOnlyList<AlarmDatapoint> points, int filled, bool filledBreach)
        {
            var breaching = points.Count(p => alarm.Breaches(p.Value)) + (filledBreach ? filled : 0);
            var state = breaching >= alarm.DatapointsToAlarm ? AlarmState.ALARM : AlarmState.OK;
            return new AlarmEvaluation(state, AlarmReason.ThresholdCrossed(alarm, state, points, filled, filledBreach));
        }
    }
}
