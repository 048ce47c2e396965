using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Outside
{
    /// <summary>
    /// Kills one consumer process at the protocol points of its <see cref="ProcessKillPlan"/>. It follows the
    /// caller's own events in the journal (what it received and still holds, its side-effect writes) and acts at
    /// the endpoint: after the call that reached a point took effect and before its answer is written, or, for
    /// a delete, before the call is served. The process is SIGKILLed there and the connection dropped, so nothing of
    /// the consumer runs after the point; Crashed is journaled for each message it held, with the point.
    /// </summary>
    public sealed class KillTrigger : IEndpointInterceptor, IDisposable
    {
        private static readonly HashSet<string> Writes = new HashSet<string>(StringComparer.Ordinal) { "PutItem", "UpdateItem", "BatchWriteItem", "TransactWriteItems" };

        private readonly EventJournal _journal;
        private readonly string _actor;
        private readonly ProcessKillPlan _plan;
        private readonly string? _sideEffectsTable;
        private readonly Action _kill;
        private readonly Random _draws;
        private readonly object _gate = new object();
        private readonly Dictionary<string, JournalEvent> _held = new Dictionary<string, JournalEvent>(StringComparer.Ordinal);
        private int _received;
        private KillPoint? _due;
        private bool _killed;

        /// <param name="kill">Ends the process at once (SIGKILL); called at most once.</param>
        public KillTrigger(EventJournal journal, string actor, ProcessKillPlan plan, string? sideEffectsTable, Action kill)
        {
            _journal = journal;
            _actor = actor;
            _plan = plan;
            _sideEffectsTable = sideEffectsTable;
            _kill = kill;
            _draws = plan.Seed is int seed ? new Random(seed) : new Random();
            _journal.Appended += OnAppended;
        }

        /// <summary>The point the process was killed at; null while it lives (or was never killed).</summary>
        public KillPoint? KilledAt { get; private set; }

        public EndpointResponse? Before(EndpointCall call)
        {
            if (!_plan.BeforeDelete || call.Caller != _actor || call.Service != EndpointCall.Sqs) return null;
            if (call.Operation != "DeleteMessage" && call.Operation != "DeleteMessageBatch") return null;
            return KillAt(KillPoint.BeforeDelete) ? EndpointResponse.Dropped() : null;
        }

        public EndpointResponse? After(EndpointCall call, EndpointResponse response)
        {
            if (call.Caller != _actor) return null;
            KillPoint? due;
            lock (_gate)
            {
                due = _due;
                _due = null;
            }
            return due is KillPoint point && KillAt(point) ? EndpointResponse.Dropped() : null;
        }

        private void OnAppended(object? sender, JournalEvent e)
        {
            if (e.Actor != _actor) return;
            lock (_gate)
            {
                if (_killed) return;
                switch (e.Kind)
                {
                    case JournalEventKind.Received:
                        if (e.MessageId != null) _held[e.MessageId] = e;
                        _received++;
                        _due = _due ?? PointOfReceive();
                        break;
                    case JournalEventKind.Deleted:
                    case JournalEventKind.DeleteMayNotHaveDeleted:
                        if (e.MessageId != null) _held.Remove(e.MessageId);
                        break;
                    case JournalEventKind.TableRequest:
                        if (_plan.AfterSideEffect && IsSideEffectWrite(e)) _due = _due ?? KillPoint.AfterSideEffect;
                        break;
                }
            }
        }

        /// <summary>The point a message just received reaches, if any: each message draws once for the rate.</summary>
        private KillPoint? PointOfReceive()
        {
            if (_plan.AfterReceive) return KillPoint.AfterReceive;
            if (_plan.AfterMessages > 0 && _received == _plan.AfterMessages) return KillPoint.AfterMessages;
            if (_plan.Rate > 0 && _draws.NextDouble() < _plan.Rate) return KillPoint.Rate;
            return null;
        }

        private bool IsSideEffectWrite(JournalEvent facts) =>
            facts.ErrorCode == null && facts.Operation != null && Writes.Contains(facts.Operation)
            && _sideEffectsTable != null && facts.TableName != null
            && facts.TableName.Split(',').Any(t => string.Equals(t, _sideEffectsTable, StringComparison.Ordinal));

        private bool KillAt(KillPoint point)
        {
            JournalEvent[] held;
            lock (_gate)
            {
                if (_killed) return false;
                _killed = true;
                held = _held.Values.ToArray();
            }
            _kill();
            KilledAt = point;
            var reason = "killed by the scenario " + Describe(point);
            if (held.Length == 0) _journal.Record(JournalEventKind.Crashed, actor: _actor, detail: reason, facts: new JournalFacts { Reason = reason, KillPoint = point });
            // Each held message's Crashed names it as its receive did (body id, receive count, handle), so accounting by body id sees the kill.
            foreach (var received in held)
                _journal.Record(JournalEventKind.Crashed, received.QueueUrl, received.MessageId, _actor, received.ReceiveCount, received.ReceiptHandle,
                    detail: reason, bodyId: received.BodyId, facts: new JournalFacts { Reason = reason, KillPoint = point });
            return true;
        }

        public static string Describe(KillPoint point)
        {
            switch (point)
            {
                case KillPoint.AfterReceive: return "right after a ReceiveMessage gave it messages";
                case KillPoint.AfterSideEffect: return "right after its side-effect write took effect";
                case KillPoint.BeforeDelete: return "as it asked to delete a message, before the delete";
                case KillPoint.AfterMessages: return "after the messages it was allowed";
                default: return "at the seeded kill rate, on a message it received";
            }
        }

        public void Dispose() => _journal.Appended -= OnAppended;
    }
}
