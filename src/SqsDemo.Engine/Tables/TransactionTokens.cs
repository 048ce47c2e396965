using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// TransactWriteItems' ClientRequestToken: a token is remembered, with its request's fingerprint, for
    /// ten minutes (on the store's clock) after the transaction that used it commits. Within that window
    /// the same request again succeeds without applying anything, and the token with other parameters
    /// is IdempotentParameterMismatchException; while a transaction with the token is still running, the
    /// token again is TransactionInProgressException. A transaction that fails leaves no memory behind,
    /// so a client may retry it under the same token.
    /// </summary>
    internal sealed class TransactionTokens
    {
        /// <summary>How long after its transaction commits DynamoDB honours a token.</summary>
        public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

        private sealed class Use
        {
            public Use(string fingerprint) => Fingerprint = fingerprint;

            public string Fingerprint { get; }
            /// <summary>Null while its transaction runs.</summary>
            public DateTimeOffset? CommittedAt { get; set; }
        }

        private readonly object _gate = new object();
        private readonly Dictionary<string, Use> _uses = new Dictionary<string, Use>(StringComparer.Ordinal);
        // Committed tokens in commit order, so expired ones are forgotten from the front.
        private readonly Queue<(string Token, DateTimeOffset CommittedAt)> _byAge = new Queue<(string, DateTimeOffset)>();

        /// <summary>
        /// True when the caller should run the transaction (and then <see cref="Commit"/> or <see cref="Release"/>);
        /// false when the same request already committed within the window and must only be answered.
        /// </summary>
        public bool Claim(string token, string fingerprint, DateTimeOffset now)
        {
            lock (_gate)
            {
                Forget(now);
                if (_uses.TryGetValue(token, out var use) && !Expired(use.CommittedAt, now))
                {
                    if (use.Fingerprint != fingerprint) throw TableErrors.IdempotentParameterMismatch();
                    if (use.CommittedAt == null) throw TableErrors.TransactionInProgress();
                    return false;
                }
                _uses[token] = new Use(fingerprint);
                return true;
            }
        }

        public void Commit(string token, DateTimeOffset now)
        {
            lock (_gate)
            {
                _uses[token].CommittedAt = now;
                _byAge.Enqueue((token, now));
            }
        }

        public void Release(string token)
        {
            lock (_gate) _uses.Remove(token);
        }

        /// <summary>Tokens remembered now (running or within their window), for tests of the forgetting.</summary>
        public int Count
        {
            get { lock (_gate) return _uses.Count; }
        }

        private static bool Expired(DateTimeOffset? committedAt, DateTimeOffset now) => committedAt is { } at && now - at >= Window;

        private void Forget(DateTimeOffset now)
        {
            while (_byAge.Count > 0 && Expired(_byAge.Peek().CommittedAt, now))
            {
                var (token, committedAt) = _byAge.Dequeue();
                if (_uses.TryGetValue(token, out var use) && use.CommittedAt == committedAt) _uses.Remove(token);
            }
        }
    }
}
