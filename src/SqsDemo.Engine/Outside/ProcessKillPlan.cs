using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Outside
{
    /// <summary>
    /// When a scenario kills a consumer process from outside, without its cooperation: the crash knobs of
    /// SqsDemo's own consumer (-CrashAfterReceive, -CrashAfterSideEffect, -CrashRate) as protocol points, and two
    /// only an outside view can give (before a DeleteMessage, after N messages). Each incarnation gets the plan anew.
    /// </summary>
    public sealed class ProcessKillPlan
    {
        public bool AfterReceive { get; set; }
        public bool AfterSideEffect { get; set; }
        public bool BeforeDelete { get; set; }
        /// <summary>Kill once this many messages were received (0: never).</summary>
        public int AfterMessages { get; set; }
        /// <summary>The chance, per message received, of a kill.</summary>
        public double Rate { get; set; }
        /// <summary>The seed of <see cref="Rate"/>'s draws, so a run repeats; null draws a fresh one.</summary>
        public int? Seed { get; set; }

        public bool IsEmpty => !AfterReceive && !AfterSideEffect && !BeforeDelete && AfterMessages == 0 && Rate <= 0;

        public void Validate()
        {
            if (Rate < 0 || Rate > 1) throw new ArgumentException("The kill rate is a probability from 0 to 1; it was " + Rate + ".");
            if (AfterMessages < 0) throw new ArgumentException("The kill's message count is 0 (never) or more; it was " + AfterMessages + ".");
        }

        /// <summary>The points this plan watches, for the journal and the job's description.</summary>
        public IReadOnlyList<KillPoint> Points
        {
            get
            {
                var points = new List<KillPoint>();
                if (AfterReceive) points.Add(KillPoint.AfterReceive);
                if (AfterSideEffect) points.Add(KillPoint.AfterSideEffect);
                if (BeforeDelete) points.Add(KillPoint.BeforeDelete);
                if (AfterMessages > 0) points.Add(KillPoint.AfterMessages);
                if (Rate > 0) points.Add(KillPoint.Rate);
                return points;
            }
        }

        public ProcessKillPlan Clone() => (ProcessKillPlan)MemberwiseClone();
    }
}
