using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Tables;

namespace SqsDemo.Engine.Ledger.Aws
{
    /// <summary>
    /// <see cref="ILedger"/> on DynamoDB (the low-level <see cref="IAmazonDynamoDB"/> client), with the
    /// semantics of <see cref="EmbeddedLedger"/>: every write that decides something is conditional.
    /// </summary>
    /// <remarks>
    /// <para>Key schema (all on-demand, PAY_PER_REQUEST):</para>
    /// <list type="bullet">
    /// <item>status table (the seeds' schema, <see cref="SeedAttributes"/>): hash key <c>message_id</c> (S); attributes
    /// <c>status</c> (S: STARTED/COMPLETED), <c>attempts</c> (N), <c>last_updated</c> (S, ISO 8601 round-trip),
    /// <c>payload_digest</c> (S), and SqsDemo's own optional <c>owner_token</c> (S).</item>
    /// <item>side-effects table (the seeds' schema): hash key <c>message_id</c> (S), holding the side effect's key (the
    /// message id, or <c>biz:&lt;field&gt;:&lt;value&gt;</c>); attributes <c>performed_at</c> (S), <c>payload_digest</c> (S),
    /// <c>original_message_id</c> (S, the message that performed it).</item>
    /// <item>effect log: hash key <c>log</c> (S) + range key <c>sequence</c> (N). Entries live in the
    /// constant partition <c>log = "log"</c>; the sequence counter is one item in partition
    /// <c>log = "counter"</c>, <c>sequence = 0</c>, attribute <c>last</c> (N, the last sequence given out).</item>
    /// <item>entity versions: hash key <c>entity_id</c> (S); attributes <c>version</c> (N), <c>updated_at</c> (S).</item>
    /// <item>results: hash key <c>message_id</c> (S); attributes <c>result</c> (S, JSON text), <c>consumer_id</c> (S), <c>stored_at</c> (S).</item>
    /// <item>expiry: with a <see cref="LedgerRetention"/> (<see cref="Retention"/>), every write of a status or result row
    /// also sets <c>expires_at</c> (N, epoch seconds) that far ahead, for the tables' TTL.</item>
    /// </list>
    /// <para>Conditional writes:</para>
    /// <list type="bullet">
    /// <item>TryStart: PutItem <c>attribute_not_exists(message_id)</c> with ReturnValuesOnConditionCheckFailure=ALL_OLD
    /// (a consistent GetItem when the old item does not come back). COMPLETED: reported. STARTED: UpdateItem adding one
    /// attempt and setting the owner, conditional on status, <c>owner_token</c>, attempts and <c>last_updated</c> being as
    /// read (<see cref="StatusTakeover"/>): a row without an owner token, as the seeds' kind of consumer writes it, is a
    /// foreign owner's and taken over like a stale one. A lost race reads again and retries, so concurrent takeovers each
    /// count, as in the embedded ledger.</item>
    /// <item>TryComplete: UpdateItem <c>#s = :started AND owner_token = :me</c>; ConditionalCheckFailed is false.</item>
    /// <item>TryPerformSideEffect: PutItem <c>attribute_not_exists(message_id)</c>, ALL_OLD on failure (GetItem fallback).</item>
    /// <item>PutResult: PutItem <c>attribute_not_exists(message_id)</c>, ALL_OLD on failure (GetItem fallback).</item>
    /// <item>AppendEffectLog: UpdateItem ADD <c>last :1</c> on the counter (UPDATED_NEW) gives the sequence
    /// atomically; then the entry is put at it (<c>attribute_not_exists(sequence)</c>). Sequences follow the order
    /// in which appends took the counter. A writer dying between the two leaves a gap.</item>
    /// <item>ApplyVersion: optimistic, in one TransactWriteItems: read the counter and the entity (consistent),
    /// decide (lastWriteWins, or no entity, or version &lt; v); then atomically: the counter
    /// <c>last = :n</c> (or not yet there) set to n + 1, the entity put (applied) or condition-checked (ignored)
    /// on <c>version = :previous</c> (or <c>attribute_not_exists(entity_id)</c>), and the log line put at n + 1.
    /// A cancelled transaction (someone else moved the counter or the entity) reads again and retries. So the
    /// "applied"/"ignored" line's sequence is exactly the order of the decisions on the store, and
    /// <see cref="VersionOutcome.Previous"/> is the version the decision was made against.</item>
    /// </list>
    /// <para>
    /// Reads are consistent; lists are paginated Scans (Query for the log) sorted as the embedded ledger sorts.
    /// Errors: a missing table is <see cref="LedgerException"/> "ResourceNotFoundException"; an endpoint that
    /// cannot be reached or does not answer is "EndpointUnreachable" naming the endpoint; other service errors
    /// keep DynamoDB's code. Empty strings in non-key attributes are not stored (read back as ""). Times another writer
    /// stored read back too: ISO 8601 without an offset as UTC, or epoch seconds (N).
    /// </para>
    /// </remarks>
    public sealed class DynamoDbLedger : ILedger, IDisposable
    {
        /// <summary>Per-attempt HTTP timeout of <see cref="ForEndpoint(Uri, string)"/>'s client.</summary>
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

        /// <summary>Retries after the first attempt (standard retry mode).</summary>
        public const int DefaultMaxErrorRetry = 2;

        /// <summary>How long table creation/deletion may take before it is an error.</summary>
        public static readonly TimeSpan TableWaitTimeout = TimeSpan.FromSeconds(60);

        /// <summary>Optimistic rounds (takeover, version apply) before giving up under contention.</summary>
        private const int MaxRounds = 100;

        internal const string StatusKey = SeedAttributes.MessageId;
        internal const string SideEffectKey = SeedAttributes.MessageId;
        internal const string LogPartitionKey = "log";
        internal const string LogSortKey = "sequence";
        internal const string EntityKey = "entity_id";
        internal const string ResultKey = "message_id";
        internal const string LogPartition = "log";
        internal const string CounterPartition = "counter";

        private readonly ITableStore _client;
        private readonly TimeProvider _clock;
        private readonly IDisposable? _owned;
        private readonly TimeSpan? _callDeadline;
        private readonly LedgerRetention _retention;
        private int _disposed;

        /// <summary>A ledger over <paramref name="client"/>, which the caller keeps owning; rows expire by <paramref name="retention"/> (none when null).</summary>
        public DynamoDbLedger(IAmazonDynamoDB client, TimeProvider? clock = null, LedgerRetention? retention = null)
            : this(new AwsTableStore(client ?? throw new ArgumentNullException(nameof(client))), clock ?? TimeProvider.System, owned: null, callDeadline: null, EndpointOf(client), retention)
        {
        }

        /// <summary>
        /// A ledger over any table store: real DynamoDB through <see cref="AwsTableStore"/>, or the embedded
        /// store, which the HTTP endpoint serves to outside clients too. One ledger, two stores. Rows expire by
        /// <paramref name="retention"/> (none when null).
        /// </summary>
        public DynamoDbLedger(ITableStore store, TimeProvider? clock = null, LedgerRetention? retention = null)
            : this(store ?? throw new ArgumentNullException(nameof(store)), clock ?? TimeProvider.System, owned: null, callDeadline: null, endpoint: null, retention)
        {
        }

        private DynamoDbLedger(ITableStore store, TimeProvider clock, IDisposable? owned, TimeSpan? callDeadline, Uri? endpoint, LedgerRetention? retention)
        {
            _client = store;
            _clock = clock;
            _owned = owned;
            _callDeadline = callDeadline;
            _retention = retention ?? LedgerRetention.None;
            Endpoint = endpoint;
        }

        /// <summary>How long the status and result rows this ledger writes live (<c>expires_at</c>).</summary>
        public LedgerRetention Retention => _retention;

        /// <summary>A ledger over fresh in-memory tables on <paramref name="clock"/>: the embedded backend's.</summary>
        public static DynamoDbLedger InMemory(TimeProvider clock) => new DynamoDbLedger(new EmbeddedTableStore(clock), clock);

        /// <summary>The endpoint the client talks to, when known; null for a store in this process.</summary>
        public Uri? Endpoint { get; }

        /// <summary>The tables this ledger reads and writes.</summary>
        public ITableStore Store => _client;

        /// <summary>
        /// A ledger on a DynamoDB endpoint (real, or an emulator such as moto at <c>http://127.0.0.1:port</c>), with
        /// <see cref="AwsBroker"/>'s client settings: signed for <paramref name="region"/>, dummy credentials at a
        /// loopback endpoint, <see cref="DefaultRequestTimeout"/> per attempt, standard retries
        /// (<see cref="DefaultMaxErrorRetry"/>), and a deadline of twice the attempt timeout per call.
        /// </summary>
        public static DynamoDbLedger ForEndpoint(Uri endpoint, string region, TimeProvider? clock = null) =>
            ForEndpoint(endpoint, region, DefaultRequestTimeout, clock);

        public static DynamoDbLedger ForEndpoint(Uri endpoint, string region, TimeSpan requestTimeout, TimeProvider? clock = null)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException("The DynamoDB endpoint must be an absolute http or https URL: " + endpoint, nameof(endpoint));
            if (string.IsNullOrWhiteSpace(region)) throw new ArgumentException("The region must not be empty.", nameof(region));
            if (requestTimeout <= TimeSpan.Zero || requestTimeout > TimeSpan.FromMinutes(5))
                throw new ArgumentOutOfRangeException(nameof(requestTimeout), requestTimeout, "The request timeout must be above 0 and at most 5 minutes.");

            return Connect(Backends.AwsConnection.ForEndpoint(endpoint, region), requestTimeout, clock);
        }

        /// <summary>
        /// A ledger on <paramref name="connection"/> (AWS in a region, or an endpoint), with the settings of
        /// <see cref="ForEndpoint(Uri, string, TimeProvider)"/>; its rows expire by <paramref name="retention"/>, or
        /// when that is null by <see cref="LedgerRetention.FromEnvironment"/> (LEDGER_RETENTION_DAYS, 30 days unless set).
        /// </summary>
        public static DynamoDbLedger Connect(Backends.AwsConnection connection, TimeSpan? requestTimeout = null, TimeProvider? clock = null, LedgerRetention? retention = null)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            var expiry = retention ?? LedgerRetention.FromEnvironment();
            var timeout = requestTimeout ?? DefaultRequestTimeout;
            if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(5))
                throw new ArgumentOutOfRangeException(nameof(requestTimeout), timeout, "The request timeout must be above 0 and at most 5 minutes.");
            var config = new AmazonDynamoDBConfig
            {
                Timeout = timeout,
                RetryMode = RequestRetryMode.Standard,
                MaxErrorRetry = DefaultMaxErrorRetry,
            };
            connection.Configure(config);
            var client = new AmazonDynamoDBClient(connection.Credentials, config);
            return new DynamoDbLedger(new AwsTableStore(client), clock ?? TimeProvider.System, owned: client, callDeadline: timeout + timeout, EndpointOf(client), expiry);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _owned?.Dispose();
        }

        // ---- Tables ------------------------------------------------------------------------------------

        public async Task CreateTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default)
        {
            var wanted = Schema(tables);
            foreach (var (name, hash, range) in wanted)
            {
                var request = new CreateTableRequest
                {
                    TableName = name,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition(hash, ScalarAttributeType.S) },
                    KeySchema = new List<KeySchemaElement> { new KeySchemaElement(hash, KeyType.HASH) },
                };
                if (range != null)
                {
                    request.AttributeDefinitions.Add(new AttributeDefinition(range, ScalarAttributeType.N));
                    request.KeySchema.Add(new KeySchemaElement(range, KeyType.RANGE));
                }
                await Call("CreateTable", cancellationToken, async ct =>
                {
                    try
                    {
                        await _client.CreateTableAsync(request, ct).ConfigureAwait(false);
                    }
                    catch (ResourceInUseException)
                    {
                        // exists already (or is being created): idempotent
                    }
                    return true;
                }).ConfigureAwait(false);
            }
            foreach (var (name, _, _) in wanted)
                await WaitForTableAsync(name, active: true, cancellationToken).ConfigureAwait(false);
        }

        public async Task DeleteTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default)
        {
            var names = Schema(tables).Select(table => table.Name).ToList();
            foreach (var name in names)
            {
                for (var round = 0; ; round++)
                {
                    var deleting = await Call("DeleteTable", cancellationToken, async ct =>
                    {
                        try
                        {
                            await _client.DeleteTableAsync(new DeleteTableRequest { TableName = name }, ct).ConfigureAwait(false);
                        }
                        catch (ResourceNotFoundException)
                        {
                            // gone already: idempotent
                        }
                        catch (ResourceInUseException)
                        {
                            return false; // being created (or deleted): wait, then try again
                        }
                        return true;
                    }).ConfigureAwait(false);
                    if (deleting || round > 0) break;
                    await WaitForTableAsync(name, active: true, cancellationToken, tolerateMissing: true).ConfigureAwait(false);
                }
            }
            foreach (var name in names)
                await WaitForTableAsync(name, active: false, cancellationToken).ConfigureAwait(false);
        }

        public async Task ClearTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default)
        {
            foreach (var (table, hash, range) in Schema(tables))
            {
                var keyNames = range == null ? new[] { hash } : new[] { hash, range };
                var keys = (await ScanAsync(table, cancellationToken).ConfigureAwait(false))
                    .Select(item => keyNames.ToDictionary(k => k, k => item[k], StringComparer.Ordinal))
                    .ToList();
                // BatchWriteItem takes 25 requests; what DynamoDB leaves unprocessed (throttling) is sent again.
                for (var offset = 0; offset < keys.Count; offset += 25)
                {
                    var pending = keys.Skip(offset).Take(25).Select(k => new WriteRequest(new DeleteRequest(k))).ToList();
                    for (var round = 0; pending.Count > 0; round++)
                    {
                        if (round >= MaxRounds) throw new LedgerException("ProvisionedThroughputExceededException", $"{Where} kept leaving deletes of '{table}' unprocessed.");
                        var batch = pending;
                        var response = await Call("BatchWriteItem", cancellationToken, ct => _client.BatchWriteItemAsync(new BatchWriteItemRequest
                        {
                            RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = batch },
                        }, ct)).ConfigureAwait(false);
                        pending = response.UnprocessedItems != null && response.UnprocessedItems.TryGetValue(table, out var left) && left != null ? left : new List<WriteRequest>();
                        if (pending.Count > 0) await Task.Delay(TimeSpan.FromMilliseconds(50 << Math.Min(round, 5)), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>The tables <paramref name="tables"/> names, each with its hash key (and range key, the effect log's), all of type S but the range key (N).</summary>
        private static List<(string Name, string Hash, string? Range)> Schema(LedgerTables tables)
        {
            if (tables == null) throw new ArgumentNullException(nameof(tables));
            var schema = new List<(string Name, string Hash, string? Range)>
            {
                (tables.StatusTable, StatusKey, null),
                (tables.SideEffectsTable, SideEffectKey, null),
            };
            if (tables.EffectLogTable != null) schema.Add((tables.EffectLogTable, LogPartitionKey, LogSortKey));
            if (tables.VersionsTable != null) schema.Add((tables.VersionsTable, EntityKey, null));
            if (tables.ResultsTable != null) schema.Add((tables.ResultsTable, ResultKey, null));
            return schema;
        }

        public async Task<IReadOnlyList<string>> MissingTablesAsync(IEnumerable<string> tableNames, CancellationToken cancellationToken = default)
        {
            var missing = new List<string>();
            foreach (var name in tableNames)
            {
                var exists = await Call("DescribeTable", cancellationToken, async ct =>
                {
                    try
                    {
                        await _client.DescribeTableAsync(new DescribeTableRequest { TableName = name }, ct).ConfigureAwait(false);
                        return true;
                    }
                    catch (ResourceNotFoundException)
                    {
                        return false;
                    }
                }).ConfigureAwait(false);
                if (!exists) missing.Add(name);
            }
            return missing;
        }

        /// <summary>Polls DescribeTable until the table is ACTIVE (or, with active false, gone), within <see cref="TableWaitTimeout"/>.</summary>
        private async Task WaitForTableAsync(string name, bool active, CancellationToken cancellationToken, bool tolerateMissing = false)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                string? status = await Call("DescribeTable", cancellationToken, async ct =>
                {
                    try
                    {
                        var response = await _client.DescribeTableAsync(new DescribeTableRequest { TableName = name }, ct).ConfigureAwait(false);
                        return response.Table?.TableStatus?.Value ?? "";
                    }
                    catch (ResourceNotFoundException)
                    {
                        return null;
                    }
                }).ConfigureAwait(false);
                if (active ? status == TableStatus.ACTIVE.Value || (tolerateMissing && status == null) : status == null) return;
                if (clock.Elapsed > TableWaitTimeout)
                    throw new LedgerException("TableWaitTimeout", "Table " + name + " did not become " + (active ? "ACTIVE" : "deleted") + " within "
                        + TableWaitTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s (status " + (status ?? "missing") + ") at " + Where + ".");
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }

        // ---- Status ------------------------------------------------------------------------------------

        /// <summary>
        /// A put that succeeds only if the key is absent; when it is present, the existing item
        /// as ReturnValuesOnConditionCheckFailure=ALL_OLD returns it (null if the service did not).
        /// </summary>
        private Task<(bool Found, Dictionary<string, AttributeValue>? Item)> PutIfAbsentAsync(string table, Dictionary<string, AttributeValue> item, string keyName, CancellationToken cancellationToken) =>
            Call("PutItem", cancellationToken, async ct =>
            {
                try
                {
                    await _client.PutItemAsync(new PutItemRequest
                    {
                        TableName = table,
                        Item = item,
                        ConditionExpression = "attribute_not_exists(#k)",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#k"] = keyName },
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    }, ct).ConfigureAwait(false);
                    return (Found: false, Item: (Dictionary<string, AttributeValue>?)null);
                }
                catch (ConditionalCheckFailedException e)
                {
                    return (Found: true, Item: e.Item);
                }
            });

        /// <summary>
        /// Puts <paramref name="fresh"/>'s record unless the key exists, and answers with the record now in the table:
        /// the new one (true), or the existing one (false) from ALL_OLD or, where the service did not return it, a
        /// consistent read. A row deleted between the failed put and the read (a clear) is put again.
        /// </summary>
        private async Task<(bool Put, T Record)> PutOrReadExistingAsync<T>(string operation, string table, string keyName, string key, Func<T> fresh,
            Func<T, Dictionary<string, AttributeValue>> toItem, Func<Dictionary<string, AttributeValue>, T> fromItem, CancellationToken cancellationToken)
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                var record = fresh();
                var existing = await PutIfAbsentAsync(table, toItem(record), keyName, cancellationToken).ConfigureAwait(false);
                if (!existing.Found) return (true, record);
                var item = existing.Item != null && existing.Item.Count > 0
                    ? existing.Item
                    : await GetItemAsync(table, Items.Key(keyName, key), cancellationToken).ConfigureAwait(false);
                if (item != null) return (false, fromItem(item));
            }
            throw new LedgerException("TooMuchContention", operation + " of " + key + " in " + table + " found no row after " + MaxRounds + " conditional failures at " + Where + ".");
        }

        public async Task<StartOutcome> TryStartAsync(string statusTable, string messageId, string payloadDigest, string ownerToken, CancellationToken cancellationToken = default)
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                var now = _clock.GetUtcNow();
                var fresh = new StatusRecord { MessageId = messageId, Status = MessageStatus.STARTED, Attempts = 1, LastUpdate = now, PayloadDigest = payloadDigest, OwnerToken = ownerToken };
                var existing = await PutIfAbsentAsync(statusTable, Expiring(Items.ToItem(fresh), now), StatusKey, cancellationToken).ConfigureAwait(false);
                if (!existing.Found) return new StartOutcome(StartDisposition.Started, fresh);

                var asRead = existing.Item != null && existing.Item.Count > 0
                    ? existing.Item
                    : await GetItemAsync(statusTable, Items.Key(StatusKey, messageId), cancellationToken).ConfigureAwait(false);
                if (asRead == null) continue; // deleted in between: try the put again
                var old = Items.ToStatus(asRead);
                if (old.Status == MessageStatus.COMPLETED) return new StartOutcome(StartDisposition.AlreadyCompleted, old);

                var taken = await TryTakeOverAsync(StatusTakeover.Request(statusTable, messageId, asRead, ownerToken, now, _retention.ExpiresAt(now)), cancellationToken).ConfigureAwait(false);
                if (taken != null) return new StartOutcome(StartDisposition.TakenOver, taken);
                // lost a race (another takeover or a completion): look again
            }
            throw new LedgerException("TooMuchContention", "TryStart of " + messageId + " in " + statusTable + " lost " + MaxRounds + " races in a row at " + Where + ".");
        }

        /// <summary>The row as the takeover left it, or null when it changed since it was read.</summary>
        private Task<StatusRecord?> TryTakeOverAsync(UpdateItemRequest takeover, CancellationToken cancellationToken) =>
            Call("UpdateItem", cancellationToken, async ct =>
            {
                try
                {
                    var response = await _client.UpdateItemAsync(takeover, ct).ConfigureAwait(false);
                    return (StatusRecord?)Items.ToStatus(response.Attributes);
                }
                catch (ConditionalCheckFailedException)
                {
                    return null;
                }
            });

        public Task<bool> TryCompleteAsync(string statusTable, string messageId, string ownerToken, CancellationToken cancellationToken = default) =>
            Call("UpdateItem", cancellationToken, async ct =>
            {
                try
                {
                    var now = _clock.GetUtcNow();
                    var request = new UpdateItemRequest
                    {
                        TableName = statusTable,
                        Key = Items.Key(StatusKey, messageId),
                        UpdateExpression = "SET #s = :completed, #u = :now",
                        ConditionExpression = "#s = :started AND #o = :me",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = SeedAttributes.Status, ["#o"] = SeedAttributes.OwnerToken, ["#u"] = SeedAttributes.LastUpdated },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                        {
                            [":completed"] = Items.S(MessageStatus.COMPLETED.ToString()),
                            [":started"] = Items.S(MessageStatus.STARTED.ToString()),
                            [":me"] = Items.S(ownerToken),
                            [":now"] = Items.S(Items.Time(now)),
                        },
                    };
                    StatusTakeover.SetExpiry(request, _retention.ExpiresAt(now));
                    await _client.UpdateItemAsync(request, ct).ConfigureAwait(false);
                    return true;
                }
                catch (ConditionalCheckFailedException)
                {
                    return false;
                }
            });

        public async Task<StatusRecord?> GetStatusAsync(string statusTable, string messageId, CancellationToken cancellationToken = default)
        {
            var item = await GetItemAsync(statusTable, Items.Key(StatusKey, messageId), cancellationToken).ConfigureAwait(false);
            return item == null ? null : Items.ToStatus(item);
        }

        public async Task<IReadOnlyList<StatusRecord>> ListStatusAsync(string statusTable, CancellationToken cancellationToken = default)
        {
            var items = await ScanAsync(statusTable, cancellationToken).ConfigureAwait(false);
            return items.Select(Items.ToStatus).OrderBy(r => r.MessageId, StringComparer.Ordinal).ToArray();
        }

        // ---- Side effects --------------------------------------------------------------------------------

        public async Task<SideEffectOutcome> TryPerformSideEffectAsync(string sideEffectsTable, string key, string payloadDigest, string messageId, CancellationToken cancellationToken = default)
        {
            var (performed, record) = await PutOrReadExistingAsync<SideEffectRecord>("TryPerformSideEffect", sideEffectsTable, SideEffectKey, key,
                () => new SideEffectRecord { Key = key, PerformedAt = _clock.GetUtcNow(), PayloadDigest = payloadDigest, MessageId = messageId },
                Items.ToItem, Items.ToSideEffect, cancellationToken).ConfigureAwait(false);
            return new SideEffectOutcome(performed, record);
        }

        public async Task<IReadOnlyList<SideEffectRecord>> ListSideEffectsAsync(string sideEffectsTable, CancellationToken cancellationToken = default)
        {
            var items = await ScanAsync(sideEffectsTable, cancellationToken).ConfigureAwait(false);
            return items.Select(Items.ToSideEffect).OrderBy(r => r.PerformedAt).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray();
        }

        // ---- Results ---------------------------------------------------------------------------------------

        public async Task<ResultOutcome> PutResultAsync(string resultsTable, ResultRecord record, CancellationToken cancellationToken = default)
        {
            ResultRecord.RequireKey(record);
            var (stored, current) = await PutOrReadExistingAsync<ResultRecord>("PutResult", resultsTable, ResultKey, record.MessageId,
                () => new ResultRecord { MessageId = record.MessageId, Result = record.Result, ConsumerId = record.ConsumerId, StoredAt = _clock.GetUtcNow() },
                r => Expiring(Items.ToItem(r), r.StoredAt), Items.ToResult, cancellationToken).ConfigureAwait(false);
            return new ResultOutcome(stored, current);
        }

        public async Task<ResultRecord?> GetResultAsync(string resultsTable, string messageId, CancellationToken cancellationToken = default)
        {
            var item = await GetItemAsync(resultsTable, Items.Key(ResultKey, messageId), cancellationToken).ConfigureAwait(false);
            return item == null ? null : Items.ToResult(item);
        }

        public async Task<IReadOnlyList<ResultRecord>> ListResultsAsync(string resultsTable, CancellationToken cancellationToken = default)
        {
            var items = await ScanAsync(resultsTable, cancellationToken).ConfigureAwait(false);
            return items.Select(Items.ToResult).OrderBy(r => r.MessageId, StringComparer.Ordinal).ToArray();
        }

        // ---- Effect log and versions -----------------------------------------------------------------------

        public async Task<EffectLogEntry> AppendEffectLogAsync(string effectLogTable, EffectLogEntry entry, CancellationToken cancellationToken = default)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            var sequence = await Call("UpdateItem", cancellationToken, async ct =>
            {
                var response = await _client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = effectLogTable,
                    Key = CounterKey(),
                    UpdateExpression = "ADD #last :one",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#last"] = "last" },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":one"] = Items.N(1) },
                    ReturnValues = ReturnValue.UPDATED_NEW,
                }, ct).ConfigureAwait(false);
                return Items.Long(response.Attributes, "last");
            }).ConfigureAwait(false);

            var stored = Stored(entry, sequence, entry.Kind);
            await Call("PutItem", cancellationToken, async ct =>
            {
                await _client.PutItemAsync(new PutItemRequest
                {
                    TableName = effectLogTable,
                    Item = Items.ToItem(stored),
                    ConditionExpression = "attribute_not_exists(#seq)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#seq"] = LogSortKey },
                }, ct).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            return stored;
        }

        public async Task<IReadOnlyList<EffectLogEntry>> ReadEffectLogAsync(string effectLogTable, CancellationToken cancellationToken = default)
        {
            var entries = new List<EffectLogEntry>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await Call("Query", cancellationToken, ct => _client.QueryAsync(new QueryRequest
                {
                    TableName = effectLogTable,
                    ConsistentRead = true,
                    KeyConditionExpression = "#log = :log",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#log"] = LogPartitionKey },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":log"] = Items.S(LogPartition) },
                    ScanIndexForward = true,
                    ExclusiveStartKey = start,
                }, ct)).ConfigureAwait(false);
                if (page.Items != null) entries.AddRange(page.Items.Select(Items.ToLogEntry));
                start = page.LastEvaluatedKey != null && page.LastEvaluatedKey.Count > 0 ? page.LastEvaluatedKey : null;
            }
            while (start != null);
            return entries.OrderBy(e => e.Sequence).ToArray();
        }

        public async Task<VersionOutcome> ApplyVersionAsync(string versionsTable, string effectLogTable, EffectLogEntry logEntry, long version, bool lastWriteWins, CancellationToken cancellationToken = default)
        {
            if (logEntry == null) throw new ArgumentNullException(nameof(logEntry));
            var entityId = logEntry.EntityId ?? "";
            for (var round = 0; round < MaxRounds; round++)
            {
                // Read what the decision depends on; the transaction below holds only if neither moved.
                var counter = await GetItemAsync(effectLogTable, CounterKey(), cancellationToken).ConfigureAwait(false);
                long? last = counter != null && counter.ContainsKey("last") ? Items.Long(counter, "last") : (long?)null;
                var entity = await GetItemAsync(versionsTable, Items.Key(EntityKey, entityId), cancellationToken).ConfigureAwait(false);
                long? previous = entity != null ? Items.Long(entity, "version") : (long?)null;

                var applied = lastWriteWins || previous == null || previous.Value < version;
                var now = _clock.GetUtcNow();
                var sequence = (last ?? 0) + 1;
                var line = Stored(logEntry, sequence, applied ? "applied" : "ignored");

                var committed = await TryTransactAsync(new List<TransactWriteItem>
                {
                    new TransactWriteItem { Update = CounterAdvance(effectLogTable, last, sequence) },
                    EntityWrite(versionsTable, entityId, previous, applied ? version : (long?)null, now),
                    LogAppend(effectLogTable, line),
                }, cancellationToken).ConfigureAwait(false);
                if (committed)
                {
                    logEntry.Kind = line.Kind; // as the embedded ledger does
                    return new VersionOutcome(applied, previous);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(5 + ThreadSafeRandom(20)), cancellationToken).ConfigureAwait(false);
            }
            throw new LedgerException("TooMuchContention", "ApplyVersion of " + entityId + " lost " + MaxRounds + " transactions in a row at " + Where + ".");
        }

        /// <summary>The effect log's counter moves from <paramref name="last"/> to <paramref name="next"/>, only if no one moved it since it was read.</summary>
        private static Update CounterAdvance(string effectLogTable, long? last, long next)
        {
            var update = new Update
            {
                TableName = effectLogTable,
                Key = CounterKey(),
                UpdateExpression = "SET #last = :next",
                ConditionExpression = last == null ? "attribute_not_exists(#last)" : "#last = :last",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#last"] = "last" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":next"] = Items.N(next) },
            };
            if (last != null) update.ExpressionAttributeValues[":last"] = Items.N(last.Value);
            return update;
        }

        /// <summary>
        /// The entity's row, unchanged since it was read at <paramref name="previous"/>: written at
        /// <paramref name="newVersion"/> when the version applies, only checked when it is ignored.
        /// </summary>
        private static TransactWriteItem EntityWrite(string versionsTable, string entityId, long? previous, long? newVersion, DateTimeOffset now)
        {
            var unchanged = previous == null ? "attribute_not_exists(#id)" : "#v = :previous";
            var names = previous == null
                ? new Dictionary<string, string> { ["#id"] = EntityKey }
                : new Dictionary<string, string> { ["#v"] = "version" };
            var values = previous == null ? null : new Dictionary<string, AttributeValue> { [":previous"] = Items.N(previous.Value) };
            if (newVersion is long version)
                return new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = versionsTable,
                        Item = Items.ToItem(new EntityVersion { EntityId = entityId, Version = version, UpdatedAt = now }),
                        ConditionExpression = unchanged,
                        ExpressionAttributeNames = names,
                        ExpressionAttributeValues = values,
                    },
                };
            return new TransactWriteItem
            {
                ConditionCheck = new ConditionCheck
                {
                    TableName = versionsTable,
                    Key = Items.Key(EntityKey, entityId),
                    ConditionExpression = unchanged,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
            };
        }

        /// <summary>The effect log's line at its sequence number, which no other line may hold.</summary>
        private static TransactWriteItem LogAppend(string effectLogTable, EffectLogEntry line) => new TransactWriteItem
        {
            Put = new Put
            {
                TableName = effectLogTable,
                Item = Items.ToItem(line),
                ConditionExpression = "attribute_not_exists(#seq)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#seq"] = LogSortKey },
            },
        };

        /// <summary>True when the transaction committed; false when a condition failed or another transaction conflicted, so the caller reads again.</summary>
        private Task<bool> TryTransactAsync(List<TransactWriteItem> items, CancellationToken cancellationToken) =>
            Call("TransactWriteItems", cancellationToken, async ct =>
            {
                try
                {
                    await _client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = items }, ct).ConfigureAwait(false);
                    return true;
                }
                catch (TransactionCanceledException)
                {
                    return false;
                }
                catch (TransactionConflictException)
                {
                    return false;
                }
            });

        public async Task<IReadOnlyList<EntityVersion>> ListEntityVersionsAsync(string versionsTable, CancellationToken cancellationToken = default)
        {
            var items = await ScanAsync(versionsTable, cancellationToken).ConfigureAwait(false);
            return items.Select(Items.ToEntityVersion).OrderBy(v => v.EntityId, StringComparer.Ordinal).ToArray();
        }

        // ---- Plumbing ------------------------------------------------------------------------------------

        /// <summary>A status or result row written at <paramref name="writtenAt"/>, with its <c>expires_at</c> when rows expire.</summary>
        private Dictionary<string, AttributeValue> Expiring(Dictionary<string, AttributeValue> item, DateTimeOffset writtenAt)
        {
            if (_retention.ExpiresAt(writtenAt) is long expiresAt) item[LedgerRetention.Attribute] = Items.N(expiresAt);
            return item;
        }

        private EffectLogEntry Stored(EffectLogEntry entry, long sequence, string kind) => new EffectLogEntry
        {
            Sequence = sequence,
            Kind = kind,
            Value = entry.Value,
            MessageId = entry.MessageId,
            ConsumerId = entry.ConsumerId,
            EntityId = entry.EntityId,
            Time = _clock.GetUtcNow(),
        };

        private static Dictionary<string, AttributeValue> CounterKey() => new Dictionary<string, AttributeValue>
        {
            [LogPartitionKey] = Items.S(CounterPartition),
            [LogSortKey] = Items.N(0),
        };

        private static readonly object RandomGate = new object();
        private static readonly Random Random = new Random();

        private static int ThreadSafeRandom(int max)
        {
            lock (RandomGate) return Random.Next(max);
        }

        private Task<Dictionary<string, AttributeValue>?> GetItemAsync(string table, Dictionary<string, AttributeValue> key, CancellationToken cancellationToken) =>
            Call("GetItem", cancellationToken, async ct =>
            {
                var response = await _client.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true }, ct).ConfigureAwait(false);
                return response.Item != null && response.Item.Count > 0 ? response.Item : null;
            });

        private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string table, CancellationToken cancellationToken)
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await Call("Scan", cancellationToken, ct => _client.ScanAsync(new ScanRequest
                {
                    TableName = table,
                    ConsistentRead = true,
                    ExclusiveStartKey = start,
                }, ct)).ConfigureAwait(false);
                if (page.Items != null) items.AddRange(page.Items);
                start = page.LastEvaluatedKey != null && page.LastEvaluatedKey.Count > 0 ? page.LastEvaluatedKey : null;
            }
            while (start != null);
            return items;
        }

        private string Where => Endpoint != null ? "DynamoDB at " + Endpoint.GetLeftPart(UriPartial.Authority) : _client is EmbeddedTableStore ? "the embedded tables" : "DynamoDB";

        /// <summary>Runs one SDK call under the per-call deadline and maps its failure to <see cref="LedgerException"/>.</summary>
        private async Task<T> Call<T>(string operation, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> call)
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(DynamoDbLedger));
            cancellationToken.ThrowIfCancellationRequested();
            using var deadlineSource = _callDeadline != null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
            deadlineSource?.CancelAfter(_callDeadline!.Value);
            try
            {
                return await call(deadlineSource?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                var mapped = DynamoDbErrors.Map(error, operation, Where, _callDeadline, cancellationToken);
                if (mapped is LedgerException ledger) ledger.Operation ??= operation;
                if (ReferenceEquals(mapped, error)) throw;
                throw mapped;
            }
        }

        private static Uri? EndpointOf(IAmazonDynamoDB client)
        {
            var url = client.Config?.ServiceURL;
            if (!string.IsNullOrEmpty(url) && Uri.TryCreate(url, UriKind.Absolute, out var uri)) return uri;
            var region = client.Config?.RegionEndpoint?.SystemName;
            return region != null && Uri.TryCreate("https://dynamodb." + region + ".amazonaws.com", UriKind.Absolute, out var regional) ? regional : null;
        }
    }
}
