using System;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>The autoscaler's decisions, tick by tick, apart from any queue or consumer.</summary>
    public sealed class AutoscalerPolicyTests
    {
        private static AutoscalerPolicy Policy(int depth = 10, int max = 3, int quiet = 3) =>
            new AutoscalerPolicy(new AutoscalerOptions { ScaleOutDepth = depth, MaxConsumers = max, QuietTicks = quiet });

        [Fact]
        public void Scales_out_while_visible_depth_is_at_or_above_the_threshold_up_to_the_maximum()
        {
            var policy = Policy();
            Assert.Equal(AutoscalerAction.None, policy.Decide(visible: 9, inFlight: 1, consumers: 1, producerRunning: true, processed: 0));
            Assert.Equal(AutoscalerAction.ScaleOut, policy.Decide(10, 1, 1, true, 0));
            Assert.Equal(AutoscalerAction.ScaleOut, policy.Decide(50, 2, 2, true, 5));
            Assert.Equal(AutoscalerAction.None, policy.Decide(50, 3, 3, true, 9));
        }

        [Fact]
        public void Stops_the_producer_after_the_quiet_ticks_in_a_row_with_work_done()
        {
            var policy = Policy(quiet: 3);
            Assert.Equal(AutoscalerAction.None, policy.Decide(2, 1, 1, true, 0)); // no work done yet: not quiet
            Assert.Equal(AutoscalerAction.None, policy.Decide(2, 1, 1, true, 4));
            Assert.Equal(AutoscalerAction.None, policy.Decide(3, 1, 1, true, 8));
            Assert.Equal(AutoscalerAction.ScaleOut, policy.Decide(12, 1, 1, true, 9)); // deep again: the streak restarts
            Assert.Equal(AutoscalerAction.None, policy.Decide(1, 1, 2, true, 15));
            Assert.Equal(AutoscalerAction.None, policy.Decide(1, 1, 2, true, 20));
            Assert.Equal(AutoscalerAction.StopProducer, policy.Decide(1, 1, 2, true, 25));
        }

        [Fact]
        public void Reports_drained_once_the_producer_is_done_and_nothing_is_visible_or_in_flight()
        {
            var policy = Policy();
            Assert.Equal(AutoscalerAction.None, policy.Decide(0, 2, 2, producerRunning: false, processed: 10));
            Assert.Equal(AutoscalerAction.Drained, policy.Decide(0, 0, 2, false, 12));
            // While a producer runs, an empty queue is not the end.
            Assert.NotEqual(AutoscalerAction.Drained, Policy().Decide(0, 0, 1, true, 3) & AutoscalerAction.Drained);
        }

        [Theory]
        [InlineData(0, 10, 1, 3, 1)]
        [InlineData(5, 0, 1, 3, 1)]
        [InlineData(5, 10, 0, 3, 1)]
        [InlineData(5, 10, 1, 0, 1)]
        [InlineData(5, 10, 1, 3, 2)]
        [InlineData(5, 10, 1, 3, 0)]
        public void Refuses_options_that_cannot_work(double interval, int depth, int max, int quiet, int initial)
        {
            Assert.ThrowsAny<ArgumentException>(() => new AutoscalerPolicy(new AutoscalerOptions
            {
                IntervalSeconds = interval, ScaleOutDepth = depth, MaxConsumers = max, QuietTicks = quiet, InitialConsumers = initial == 0 ? -1 : initial,
            }));
        }
    }
}
