using System;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    public sealed class RetryBackoffTests
    {
        [Theory]
        [InlineData(1, 2.0, 1, 2)]     // base 2: between 1 and 2
        [InlineData(2, 2.0, 2, 4)]
        [InlineData(3, 2.0, 4, 8)]
        [InlineData(4, 2.0, 8, 16)]
        [InlineData(10, 2.0, 30, 60)]  // capped at 60
        public void The_delay_doubles_with_each_receive_within_its_jitter_and_the_cap(int receive, double baseSeconds, int low, int high)
        {
            Assert.Equal(low, RetryBackoff.VisibilityTimeout(receive, baseSeconds, 60, 0.0));
            Assert.Equal(high, RetryBackoff.VisibilityTimeout(receive, baseSeconds, 60, 0.999999));
            Assert.InRange(RetryBackoff.VisibilityTimeout(receive, baseSeconds, 60, 0.5), low, high);
        }

        [Fact]
        public void No_receive_count_ever_goes_past_the_cap_or_SQSs_12_hours()
        {
            for (var receive = 1; receive < 200; receive++)
            {
                Assert.InRange(RetryBackoff.VisibilityTimeout(receive, 3, 900, 0.999), 1, 900);
                Assert.InRange(RetryBackoff.VisibilityTimeout(receive, 3, 100_000, 0.999), 1, 43_200);
            }
        }

        [Theory]
        [InlineData(0.0, 10)]
        [InlineData(-1.0, 10)]
        [InlineData(1.0, 0)]
        public void A_base_or_cap_that_cannot_work_is_refused(double baseSeconds, int cap) =>
            Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.VisibilityTimeout(1, baseSeconds, cap, 0.5));
    }
}
