// An SQS consumer that does each message's side effect once, however often SQS delivers it, with the AWS SDK for
// JavaScript v3. The same consumer as tests/consumers/python/idempotent_consumer.py, configured by the same
// environment variables (listed there); it lives here, beside the package.json that pins its SDK, so that it
// resolves that node_modules (`npm ci` here, then `node idempotent_consumer.mjs`).
//
// SQS delivers at least once, so every message goes through check-before-doing on two DynamoDB tables:
//   1. mark it STARTED in the status table (refused when COMPLETED already: then only delete it);
//   2. if the side effect's row exists, skip the side effect (an earlier attempt did it, then crashed);
//   3. else perform it: a put on the side-effects table on condition that the key does not exist, so two
//      consumers racing on one message cannot both perform it;
//   4. mark COMPLETED, then delete the message.
// With STALE_AFTER_SECONDS, a message sent longer ago (its SentTimestamp) is deleted without its side effect; with
// ENTITY_VERSIONS_TABLE, a message carrying an entity's version applies it only if newer than the stored one (a
// conditional update), so a late, older version never overwrites a newer one.
// A message whose body carries REJECT_PAYLOAD_MARKER fails and is not deleted: it comes back until the redrive
// policy moves it to the dead-letter queue. One failure never stops the rest of its batch.
// SIGTERM (what ECS and Stop-Job send) stops gracefully: no new receive, the message in hand is finished, the rest
// of its batch (or what a receive under way brings) is handed back with visibility 0, and the process exits 0.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  SQSClient, ReceiveMessageCommand, DeleteMessageCommand, ChangeMessageVisibilityBatchCommand, GetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import {
  DynamoDBClient, UpdateItemCommand, GetItemCommand, PutItemCommand, ConditionalCheckFailedException,
} from "@aws-sdk/client-dynamodb";

const env = process.env;
function number(name, fallback) {
  if (!env[name]) return fallback;
  const value = Number(env[name]);
  if (Number.isNaN(value)) fail(`${name}=${env[name]} is not a number.`);
  return value;
}
const settings = {
  queueUrl: env.QUEUE_URL,
  statusTable: env.MESSAGE_STATUS_TABLE || null,
  sideEffectsTable: env.MESSAGE_SIDE_EFFECTS_TABLE || null,
  waitTimeSeconds: number("WAIT_TIME_SECONDS", 10),
  maxMessages: number("MAX_MESSAGES", 1),
  idleTimeoutSeconds: number("IDLE_TIMEOUT_SECONDS", 0), // 0: run until SIGTERM
  messageLimit: number("MESSAGE_LIMIT", 0),
  rejectMarker: env.REJECT_PAYLOAD_MARKER || null,
  businessField: env.BUSINESS_IDEMPOTENCY_FIELD || null,
  sideEffectDelaySeconds: number("SIDE_EFFECT_DELAY_SECONDS", 0),
  heartbeatSeconds: number("HEARTBEAT_SECONDS", 0),
  staleAfterSeconds: number("STALE_AFTER_SECONDS", null), // null: no message is too old
  versionsTable: env.ENTITY_VERSIONS_TABLE || null,
  entityKey: env.ENTITY_KEY || "entity_id",
  versionKey: env.VERSION_KEY || "version",
};
if (!settings.queueUrl) fail("QUEUE_URL is not set: give the URL of the queue to consume.");
if (!settings.statusTable !== !settings.sideEffectsTable) fail("MESSAGE_STATUS_TABLE and MESSAGE_SIDE_EFFECTS_TABLE go together: give both, or neither.");

const levels = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };
const threshold = levels[(env.LOG_LEVEL || "INFO").toUpperCase()] ?? levels.INFO;
function log(level, text) {
  if (levels[level] >= threshold) console.error(`${new Date().toISOString()} ${level} idempotent_consumer: ${text}`);
}
function fail(text) {
  console.error(text);
  process.exit(2);
}

// AWS_ENDPOINT_URL points both clients at SqsDemo's endpoint (or LocalStack); without it they go to AWS.
const clientOptions = { region: env.AWS_REGION || "us-east-1", ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) };
const sqs = new SQSClient(clientOptions);
const dynamodb = new DynamoDBClient(clientOptions);

let stopping = false;
// Only a flag: nothing is cut short, the loop stops at its next check. Ctrl-C too.
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => { stopping = true; });

class Rejected extends Error { name = "Rejected"; }

const now = () => new Date().toISOString();
const S = (value) => ({ S: String(value) });

// The status table (our bookkeeping) and the side-effects table (the external system). "status" is a DynamoDB
// reserved word: expressions name it through #status.
const ledger = {
  // Counts an attempt; false when the message is COMPLETED already.
  async markStarted(messageId, digest) {
    try {
      await dynamodb.send(new UpdateItemCommand({
        TableName: settings.statusTable,
        Key: { message_id: S(messageId) },
        UpdateExpression: "SET #status = :started, attempts = if_not_exists(attempts, :zero) + :one, last_updated = :now, payload_digest = :digest",
        ConditionExpression: "attribute_not_exists(message_id) OR #status <> :completed",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":started": S("STARTED"), ":completed": S("COMPLETED"), ":zero": { N: "0" }, ":one": { N: "1" }, ":now": S(now()), ":digest": S(digest),
        },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
  async sideEffectExists(key) {
    const found = await dynamodb.send(new GetItemCommand({ TableName: settings.sideEffectsTable, Key: { message_id: S(key) }, ConsistentRead: true }));
    return found.Item !== undefined;
  },
  // False when another consumer performed it first: the key existed, so nothing was written.
  async performSideEffect(key, digest, messageId) {
    try {
      await dynamodb.send(new PutItemCommand({
        TableName: settings.sideEffectsTable,
        Item: { message_id: S(key), performed_at: S(now()), payload_digest: S(digest), original_message_id: S(messageId) },
        ConditionExpression: "attribute_not_exists(message_id)",
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
  // Stores the version only if newer than the stored one; false when it was not newer.
  async applyVersion(entity, version) {
    try {
      await dynamodb.send(new UpdateItemCommand({
        TableName: settings.versionsTable,
        Key: { entity_id: S(entity) },
        UpdateExpression: "SET version = :version, updated_at = :now",
        ConditionExpression: "attribute_not_exists(version) OR version < :version",
        ExpressionAttributeValues: { ":version": { N: String(version) }, ":now": S(now()) },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
  async markCompleted(messageId) {
    await dynamodb.send(new UpdateItemCommand({
      TableName: settings.statusTable,
      Key: { message_id: S(messageId) },
      UpdateExpression: "SET #status = :completed, last_updated = :now",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":completed": S("COMPLETED"), ":now": S(now()) },
    }));
  },
};

// The message's id for the status table (the body's `id`, else SQS's MessageId) and the side effect's key (the
// same, or biz:<field>:<value> when a business field dedupes).
function keys(message) {
  let body;
  try { body = JSON.parse(message.Body); } catch { body = null; }
  if (body === null || typeof body !== "object" || Array.isArray(body)) body = {};
  const messageId = String(body.id || message.MessageId);
  const business = settings.businessField ? body[settings.businessField] : undefined;
  return { messageId, key: business !== undefined && business !== null ? `biz:${settings.businessField}:${business}` : messageId };
}

// The entity's version, applied only if newer, when the body carries one.
async function applyVersion(message, messageId) {
  let body;
  try { body = JSON.parse(message.Body); } catch { return; }
  if (body === null || typeof body !== "object" || body[settings.entityKey] == null || body[settings.versionKey] == null) return;
  const entity = String(body[settings.entityKey]);
  const version = Number(body[settings.versionKey]);
  const applied = await ledger.applyVersion(entity, version);
  log("INFO", `message ${messageId}: version ${version} of ${entity} ${applied ? "applied" : "ignored: a newer one is stored"}`);
}

// The work itself: refuses a poison message, takes its time, applies the entity's version if it carries one, then
// writes the side effect.
async function doSideEffect(message, key, digest, messageId) {
  if (settings.rejectMarker && message.Body.includes(settings.rejectMarker)) throw new Rejected(`the body carries ${settings.rejectMarker}`);
  if (settings.sideEffectDelaySeconds > 0) await sleep(settings.sideEffectDelaySeconds * 1000);
  if (settings.versionsTable) await applyVersion(message, messageId);
  return settings.sideEffectsTable ? ledger.performSideEffect(key, digest, messageId) : true;
}

// Check-before-doing, then delete. Returns what happened, for the log; throws when it failed.
async function handle(message, messageId, key) {
  const digest = createHash("sha256").update(message.Body, "utf8").digest("hex");
  const useLedger = settings.statusTable !== null;
  // Seconds since SQS took the message, by this machine's clock; judged just before the work.
  const age = (Date.now() - Number(message.Attributes?.SentTimestamp)) / 1000;
  if (settings.staleAfterSeconds !== null && age > settings.staleAfterSeconds) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: settings.queueUrl, ReceiptHandle: message.ReceiptHandle }));
    return `stale (${age.toFixed(1)} s old, STALE_AFTER_SECONDS ${settings.staleAfterSeconds}): deleted unapplied`;
  }
  let outcome;
  if (useLedger && !(await ledger.markStarted(messageId, digest))) {
    outcome = "already COMPLETED: deleted only";
  } else if (useLedger && (await ledger.sideEffectExists(key))) {
    await ledger.markCompleted(messageId);
    outcome = `side effect ${key} existed: skipped`;
  } else {
    const performed = await doSideEffect(message, key, digest, messageId);
    if (useLedger) await ledger.markCompleted(messageId);
    outcome = performed ? `side effect ${key} performed` : `side effect ${key} performed by another consumer: skipped`;
  }
  await sqs.send(new DeleteMessageCommand({ QueueUrl: settings.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  return outcome;
}

// Keeps the messages in hand invisible while they wait or are worked on: every heartbeatSeconds it sets their
// visibility back to the queue's full timeout.
function startHeartbeat(messages, extension) {
  const held = new Map(messages.map((m) => [m.MessageId, m.ReceiptHandle]));
  const timer = setInterval(async () => {
    const entries = [...held.values()].map((handle, i) => ({ Id: String(i), ReceiptHandle: handle, VisibilityTimeout: extension }));
    if (entries.length === 0) return;
    try {
      await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: settings.queueUrl, Entries: entries }));
    } catch (error) {
      log("WARNING", `heartbeat failed: ${error}`);
    }
  }, settings.heartbeatSeconds * 1000);
  return { letGo: (message) => held.delete(message.MessageId), stop: () => { held.clear(); clearInterval(timer); } };
}

// Visibility 0: another consumer may take them at once instead of after the timeout.
async function handBack(messages, why) {
  const entries = messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
  try {
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: settings.queueUrl, Entries: entries }));
    log("INFO", `handed back ${messages.length} message(s): ${why}`);
  } catch (error) {
    log("WARNING", `could not hand back ${messages.length} message(s), they return after their visibility timeout: ${error}`);
  }
}

// Returns how many messages it handled (succeeded or failed; handed-back ones are not counted).
async function handleBatch(messages, visibilityTimeout) {
  const heartbeat = settings.heartbeatSeconds > 0 ? startHeartbeat(messages, visibilityTimeout) : null;
  const failedGroups = new Set(); // FIFO: after a failure, the rest of its message group must wait for it
  let handled = 0;
  try {
    for (const [i, message] of messages.entries()) {
      if (stopping) {
        heartbeat?.stop();
        await handBack(messages.slice(i), "stopping");
        break;
      }
      const group = message.Attributes?.MessageGroupId;
      if (group !== undefined && failedGroups.has(group)) {
        heartbeat?.letGo(message);
        await handBack([message], `an earlier message of group ${group} failed`);
        continue;
      }
      const { messageId, key } = keys(message);
      const label = `message ${messageId} (SQS ${message.MessageId}, receive ${message.Attributes?.ApproximateReceiveCount ?? "?"})`;
      try {
        log("INFO", `${label}: ${await handle(message, messageId, key)}`);
      } catch (error) {
        // Not deleted: SQS delivers it again, and its redrive policy dead-letters it in the end.
        log("WARNING", `${label}: failed, left for redelivery: ${error.name}: ${error.message}`);
        if (group !== undefined) failedGroups.add(group);
      } finally {
        heartbeat?.letGo(message);
      }
      handled++;
    }
  } finally {
    heartbeat?.stop();
  }
  return handled;
}

async function run() {
  let visibilityTimeout = null;
  if (settings.heartbeatSeconds > 0) {
    const answer = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: settings.queueUrl, AttributeNames: ["VisibilityTimeout"] }));
    visibilityTimeout = Number(answer.Attributes.VisibilityTimeout);
  }
  let handled = 0;
  let idleSince = Date.now();
  while (!stopping) {
    if (settings.messageLimit && handled >= settings.messageLimit) {
      log("INFO", `handled ${handled} messages: ending`);
      return;
    }
    const wanted = settings.messageLimit ? Math.min(settings.maxMessages, settings.messageLimit - handled) : settings.maxMessages;
    let messages;
    try {
      const answer = await sqs.send(new ReceiveMessageCommand({
        QueueUrl: settings.queueUrl, MaxNumberOfMessages: wanted, WaitTimeSeconds: settings.waitTimeSeconds,
        MessageSystemAttributeNames: ["MessageGroupId", "ApproximateReceiveCount", "SentTimestamp"],
      }));
      messages = answer.Messages ?? [];
    } catch (error) {
      log("WARNING", `receive failed, trying again: ${error.name}: ${error.message}`);
      await sleep(1000);
      continue;
    }
    if (messages.length > 0) {
      handled += await handleBatch(messages, visibilityTimeout);
      idleSince = Date.now();
    } else if (settings.idleTimeoutSeconds && Date.now() - idleSince >= settings.idleTimeoutSeconds * 1000) {
      log("INFO", `no message for ${((Date.now() - idleSince) / 1000).toFixed(1)} s (IDLE_TIMEOUT_SECONDS ${settings.idleTimeoutSeconds}): ending`);
      return;
    }
  }
  log("INFO", `stopped on a signal after ${handled} message(s)`);
}

try {
  await run();
} finally {
  // Closes the clients' kept-alive connections, so that nothing keeps the process up.
  sqs.destroy();
  dynamodb.destroy();
}
