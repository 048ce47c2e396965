using System;
using System.Globalization;

namespace SqsDemo.Engine.Ledger
{
    /// <summary>
    /// How long the ledger's status and result rows live: each write of one carries <see cref="Attribute"/> (epoch
    /// seconds, the form DynamoDB's TTL reads) that far ahead, and a table with TTL on that attribute (terraform/
    /// dynamodb.tf) deletes rows past it, so the tables do not grow without bound. The side-effects, effect-log and
    /// entity-versions rows never expire: a business key can come again at any time, and the log and versions are what
    /// ordering and versioning are judged by. The retention must outlive every redelivery of a message (SQS keeps one
    /// under 14 days in its queue, up to 14 more in a FIFO dead-letter queue); the default, 30 days, does.
    /// </summary>
    public sealed class LedgerRetention
    {
        /// <summary>The attribute the tables' TTL is on.</summary>
        public const string Attribute = "expires_at";

        /// <summary>The environment variable that sets the retention of a ledger on AWS or an endpoint, in whole days (0: none).</summary>
        public const string Variable = "LEDGER_RETENTION_DAYS";

        /// <summary>The retention when <see cref="Variable"/> is not set.</summary>
        public const int DefaultDays = 30;

        /// <summary>The longest retention taken: ten years.</summary>
        public const int MaxDays = 3650;

        private LedgerRetention(TimeSpan? period) => Period = period;

        /// <summary>No expiry is written: rows stay until deleted (the embedded backend's tables, and retention 0).</summary>
        public static LedgerRetention None { get; } = new LedgerRetention(null);

        /// <summary><see cref="DefaultDays"/> days.</summary>
        public static LedgerRetention Default { get; } = new LedgerRetention(TimeSpan.FromDays(DefaultDays));

        /// <summary>How long a row lives after its last write; null when rows do not expire.</summary>
        public TimeSpan? Period { get; }

        /// <summary>A retention of <paramref name="days"/> whole days; 0 is <see cref="None"/>.</summary>
        public static LedgerRetention Days(int days)
        {
            if (days < 0 || days > MaxDays)
                throw new ArgumentOutOfRangeException(nameof(days), days, $"The ledger's retention must be 0 (no expiry) to {MaxDays} days.");
            return days == 0 ? None : new LedgerRetention(TimeSpan.FromDays(days));
        }

        /// <summary>
        /// <see cref="Variable"/>'s value: absent or blank is <see cref="Default"/>, a whole number of days from 0 to
        /// <see cref="MaxDays"/> that retention, anything else an <see cref="ArgumentException"/> that says what to give.
        /// </summary>
        public static LedgerRetention Parse(string? days)
        {
            if (string.IsNullOrWhiteSpace(days)) return Default;
            if (int.TryParse(days!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxDays)
                return Days(value);
            throw new ArgumentException(
                $"{Variable} is '{days}': give the days the ledger's status and result rows live as a whole number from 0 (no expiry) to {MaxDays}, or leave it unset for {DefaultDays}.",
                nameof(days));
        }

        /// <summary>The retention <see cref="Variable"/> sets in this process's environment.</summary>
        public static LedgerRetention FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

        /// <summary>When a row written at <paramref name="writtenAt"/> expires, in epoch seconds; null when rows do not expire.</summary>
        public long? ExpiresAt(DateTimeOffset writtenAt) => Period is TimeSpan period ? (writtenAt + period).ToUnixTimeSeconds() : (long?)null;

        public override string ToString() => Period is TimeSpan period
            ? period.TotalDays.ToString("0", CultureInfo.InvariantCulture) + " days"
            : "no expiry";
    }
}
