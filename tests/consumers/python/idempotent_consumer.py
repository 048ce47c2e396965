#!/usr/bin/env python3
"""An SQS consumer that does each message's side effect once, however often SQS delivers it.

SQS delivers at least once: a consumer that crashes, or outlives its visibility timeout, sees the
message again, and so can a healthy one. So every message goes through check-before-doing on two
DynamoDB tables:

  1. mark the message STARTED in the status table (refused when it is COMPLETED already: then
     only delete it);
  2. if the side effect's row already exists, skip the side effect (an earlier attempt did it and
     crashed before step 3);
  3. otherwise perform it: a put on the side-effects table on condition that the key does not
     exist, so two consumers racing on one message cannot both perform it;
  4. mark COMPLETED, then delete the message.

Two more rules, each on when its variable is set:
  - a message older than STALE_AFTER_SECONDS (by its SentTimestamp; a price quote or a location
    update past its use) is deleted without its side effect;
  - a message carrying an entity's version ({"entity_id": ..., "version": n}) applies it to
    ENTITY_VERSIONS_TABLE only if it is newer than the stored one: a conditional update, so a late,
    older version (a standard queue gives no order) never overwrites a newer one.

The side-effects table stands in for an external system (a payment provider). A message that
cannot be processed (its body carries REJECT_PAYLOAD_MARKER) raises and is not deleted: it comes
back after its visibility timeout until the queue's redrive policy moves it to the dead-letter
queue. One message failing never stops the others of its batch.

SIGTERM (what ECS and `Stop-Job` send) is a graceful stop: no new receive, the message in hand is
finished, the rest of its batch is handed back (visibility 0) for another consumer, and the process
exits 0. A receive under way when SIGTERM arrives completes (at most WAIT_TIME_SECONDS) and what it
brought is handed back too.

Configuration, by environment variable:
  QUEUE_URL                    the queue (required)
  AWS_ENDPOINT_URL, AWS_REGION where SQS and DynamoDB are; credentials as boto3 finds them
  MESSAGE_STATUS_TABLE         the status table (key message_id); both tables, or neither (then the
  MESSAGE_SIDE_EFFECTS_TABLE   side-effects table (key message_id)    side effect is only the delay)
  WAIT_TIME_SECONDS            long poll, 0-20 (10)
  MAX_MESSAGES                 receive batch, 1-10 (1)
  IDLE_TIMEOUT_SECONDS         end after this long without a message; 0: run until SIGTERM (0)
  MESSAGE_LIMIT                end after this many messages; 0: no limit (0)
  REJECT_PAYLOAD_MARKER        a body containing it fails processing (none)
  BUSINESS_IDEMPOTENCY_FIELD   a body field whose value keys the side effect, biz:<field>:<value> (none)
  SIDE_EFFECT_DELAY_SECONDS    how long the side effect takes (0)
  HEARTBEAT_SECONDS            extend the visibility of the messages in hand this often (off)
  STALE_AFTER_SECONDS          delete, unapplied, a message sent longer ago than this (off)
  ENTITY_VERSIONS_TABLE        the entity-versions table (key entity_id, number attribute version) (off)
  ENTITY_KEY, VERSION_KEY      the body fields of the entity and its version (entity_id, version)
  LOG_LEVEL                    INFO; one line per message goes to stderr
"""
import datetime
import hashlib
import json
import logging
import os
import signal
import sys
import threading
import time

import boto3
from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger("idempotent_consumer")
stopping = threading.Event()


class Rejected(Exception):
    """The message cannot be processed (a poison message)."""


def fail(text):
    """A configuration error: said on stderr, exit code 2."""
    print(text, file=sys.stderr)
    raise SystemExit(2)


def setting(name, default, parse=str):
    """The variable's value parsed, or the default when it is absent or empty."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return parse(value)
    except ValueError:
        fail("%s=%r is not a valid %s." % (name, value, parse.__name__))


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def condition_failed(error):
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class Ledger:
    """The status table (our bookkeeping) and the side-effects table (the external system)."""

    def __init__(self, dynamodb, status_table, side_effects_table):
        self.dynamodb = dynamodb
        self.status_table = status_table
        self.side_effects_table = side_effects_table

    def mark_started(self, message_id, digest):
        """Counts an attempt; False when the message is COMPLETED already."""
        try:
            self.dynamodb.update_item(
                TableName=self.status_table,
                Key={"message_id": {"S": message_id}},
                UpdateExpression="SET #status = :started, attempts = if_not_exists(attempts, :zero) + :one, "
                                 "last_updated = :now, payload_digest = :digest",
                ConditionExpression="attribute_not_exists(message_id) OR #status <> :completed",
                # "status" is a DynamoDB reserved word: it can only be named through a placeholder.
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":started": {"S": "STARTED"}, ":completed": {"S": "COMPLETED"},
                    ":zero": {"N": "0"}, ":one": {"N": "1"}, ":now": {"S": now()}, ":digest": {"S": digest},
                })
            return True
        except ClientError as error:
            if condition_failed(error):
                return False
            raise

    def side_effect_exists(self, key):
        found = self.dynamodb.get_item(TableName=self.side_effects_table, Key={"message_id": {"S": key}}, ConsistentRead=True)
        return "Item" in found

    def perform_side_effect(self, key, digest, message_id):
        """False when another consumer performed it first: the key existed, so nothing was written."""
        try:
            self.dynamodb.put_item(
                TableName=self.side_effects_table,
                Item={"message_id": {"S": key}, "performed_at": {"S": now()},
                      "payload_digest": {"S": digest}, "original_message_id": {"S": message_id}},
                ConditionExpression="attribute_not_exists(message_id)")
            return True
        except ClientError as error:
            if condition_failed(error):
                return False
            raise

    def apply_version(self, versions_table, entity, version):
        """Stores `version` as the entity's only if newer than the stored one; False when it was not newer."""
        try:
            self.dynamodb.update_item(
                TableName=versions_table,
                Key={"entity_id": {"S": entity}},
                UpdateExpression="SET version = :version, updated_at = :now",
                ConditionExpression="attribute_not_exists(version) OR version < :version",
                ExpressionAttributeValues={":version": {"N": str(version)}, ":now": {"S": now()}})
            return True
        except ClientError as error:
            if condition_failed(error):
                return False
            raise

    def mark_completed(self, message_id):
        self.dynamodb.update_item(
            TableName=self.status_table,
            Key={"message_id": {"S": message_id}},
            UpdateExpression="SET #status = :completed, last_updated = :now",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":completed": {"S": "COMPLETED"}, ":now": {"S": now()}})


class Heartbeat:
    """Keeps the messages in hand invisible while they wait or are worked on: every `interval`
    seconds it sets their visibility back to the queue's full timeout."""

    def __init__(self, sqs, queue_url, interval, extension, messages):
        self.sqs, self.queue_url, self.interval, self.extension = sqs, queue_url, interval, extension
        self.held = {m["MessageId"]: m["ReceiptHandle"] for m in messages}
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.beat, daemon=True)
        self.thread.start()

    def let_go(self, message):
        with self.lock:
            self.held.pop(message["MessageId"], None)

    def beat(self):
        while not self.done.wait(self.interval):
            with self.lock:
                entries = [{"Id": str(i), "ReceiptHandle": handle, "VisibilityTimeout": self.extension}
                           for i, handle in enumerate(self.held.values())]
            if not entries:
                continue
            try:
                self.sqs.change_message_visibility_batch(QueueUrl=self.queue_url, Entries=entries)
            except (BotoCoreError, ClientError) as error:
                log.warning("heartbeat failed: %s", error)

    def stop(self):
        self.done.set()
        self.thread.join()


class Consumer:
    def __init__(self):
        self.queue_url = os.environ.get("QUEUE_URL") or None
        if self.queue_url is None:
            fail("QUEUE_URL is not set: give the URL of the queue to consume.")
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
        session = boto3.session.Session(region_name=os.environ.get("AWS_REGION") or "us-east-1")
        self.sqs = session.client("sqs", endpoint_url=endpoint)
        status_table = os.environ.get("MESSAGE_STATUS_TABLE") or None
        side_effects_table = os.environ.get("MESSAGE_SIDE_EFFECTS_TABLE") or None
        if (status_table is None) != (side_effects_table is None):
            fail("MESSAGE_STATUS_TABLE and MESSAGE_SIDE_EFFECTS_TABLE go together: give both, or neither.")
        self.ledger = Ledger(session.client("dynamodb", endpoint_url=endpoint), status_table, side_effects_table) if status_table else None
        self.wait_time = setting("WAIT_TIME_SECONDS", 10, int)
        self.max_messages = setting("MAX_MESSAGES", 1, int)
        self.idle_timeout = setting("IDLE_TIMEOUT_SECONDS", 0.0, float)
        self.message_limit = setting("MESSAGE_LIMIT", 0, int)
        self.reject_marker = setting("REJECT_PAYLOAD_MARKER", None)
        self.business_field = setting("BUSINESS_IDEMPOTENCY_FIELD", None)
        self.side_effect_delay = setting("SIDE_EFFECT_DELAY_SECONDS", 0.0, float)
        self.heartbeat_interval = setting("HEARTBEAT_SECONDS", None, float)
        self.stale_after = setting("STALE_AFTER_SECONDS", None, float)
        self.versions_table = setting("ENTITY_VERSIONS_TABLE", None)
        self.entity_key = setting("ENTITY_KEY", "entity_id")
        self.version_key = setting("VERSION_KEY", "version")
        self.versions = Ledger(session.client("dynamodb", endpoint_url=endpoint), None, None) if self.versions_table else None
        self.visibility_timeout = None
        if self.heartbeat_interval:
            attributes = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["VisibilityTimeout"])
            self.visibility_timeout = int(attributes["Attributes"]["VisibilityTimeout"])
        self.handled = 0

    def keys(self, message):
        """The message's id for the status table (the body's `id`, else SQS's MessageId) and the
        side effect's key (the same, or biz:<field>:<value> when a business field dedupes)."""
        try:
            body = json.loads(message["Body"])
        except ValueError:
            body = None
        body = body if isinstance(body, dict) else {}
        message_id = str(body.get("id") or message["MessageId"])
        if self.business_field and body.get(self.business_field) is not None:
            return message_id, "biz:%s:%s" % (self.business_field, body[self.business_field])
        return message_id, message_id

    def age(self, message):
        """Seconds since SQS took the message (SentTimestamp, epoch milliseconds), by this machine's clock."""
        return time.time() - int(message["Attributes"]["SentTimestamp"]) / 1000.0

    def apply_version(self, message):
        """The entity's version, applied only if newer; None when the body carries no version."""
        try:
            body = json.loads(message["Body"])
        except ValueError:
            return None
        if not isinstance(body, dict) or body.get(self.entity_key) is None or body.get(self.version_key) is None:
            return None
        entity, version = str(body[self.entity_key]), int(body[self.version_key])
        if self.versions.apply_version(self.versions_table, entity, version):
            return "version %d of %s applied" % (version, entity)
        return "version %d of %s ignored: a newer one is stored" % (version, entity)

    def do_side_effect(self, message, key, digest, message_id):
        """The work itself: refuses a poison message, takes its time, applies the entity's version if it
        carries one, then writes the side effect."""
        if self.reject_marker and self.reject_marker in message["Body"]:
            raise Rejected("the body carries " + self.reject_marker)
        if self.side_effect_delay > 0:
            time.sleep(self.side_effect_delay)  # SIGTERM does not cut it short: the work finishes
        if self.versions:
            applied = self.apply_version(message)
            if applied:
                log.info("message %s: %s", message_id, applied)
        return self.ledger.perform_side_effect(key, digest, message_id) if self.ledger else True

    def handle(self, message, message_id, key):
        """Check-before-doing, then delete. Returns what happened, for the log; raises when it failed."""
        digest = hashlib.sha256(message["Body"].encode("utf-8")).hexdigest()
        if self.stale_after is not None and self.age(message) > self.stale_after:
            # Judged as late as possible, just before the work: the message waited in the batch too.
            self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
            return "stale (%.1f s old, STALE_AFTER_SECONDS %g): deleted unapplied" % (self.age(message), self.stale_after)
        if self.ledger and not self.ledger.mark_started(message_id, digest):
            outcome = "already COMPLETED: deleted only"
        elif self.ledger and self.ledger.side_effect_exists(key):
            self.ledger.mark_completed(message_id)
            outcome = "side effect %s existed: skipped" % key
        else:
            performed = self.do_side_effect(message, key, digest, message_id)
            if self.ledger:
                self.ledger.mark_completed(message_id)
            outcome = ("side effect %s performed" % key) if performed else ("side effect %s performed by another consumer: skipped" % key)
        self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
        return outcome

    def hand_back(self, messages, why):
        """Visibility 0: another consumer may take them at once instead of after the timeout."""
        entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0} for i, m in enumerate(messages)]
        try:
            self.sqs.change_message_visibility_batch(QueueUrl=self.queue_url, Entries=entries)
            log.info("handed back %d message(s): %s", len(messages), why)
        except (BotoCoreError, ClientError) as error:
            log.warning("could not hand back %d message(s), they return after their visibility timeout: %s", len(messages), error)

    def handle_batch(self, messages):
        heartbeat = Heartbeat(self.sqs, self.queue_url, self.heartbeat_interval, self.visibility_timeout, messages) \
            if self.heartbeat_interval else None
        failed_groups = set()  # FIFO: after a failure, the rest of its message group must wait for it
        try:
            for i, message in enumerate(messages):
                if stopping.is_set():
                    if heartbeat:
                        heartbeat.stop()
                    self.hand_back(messages[i:], "stopping")
                    return
                group = message.get("Attributes", {}).get("MessageGroupId")
                if group in failed_groups:
                    if heartbeat:
                        heartbeat.let_go(message)
                    self.hand_back([message], "an earlier message of group %s failed" % group)
                    continue
                message_id, key = self.keys(message)
                label = "message %s (SQS %s, receive %s)" % (
                    message_id, message["MessageId"], message.get("Attributes", {}).get("ApproximateReceiveCount", "?"))
                try:
                    log.info("%s: %s", label, self.handle(message, message_id, key))
                except (Rejected, BotoCoreError, ClientError) as error:
                    # Not deleted: SQS delivers it again, and its redrive policy dead-letters it in the end.
                    log.warning("%s: failed, left for redelivery: %s", label, error)
                    if group is not None:
                        failed_groups.add(group)
                finally:
                    if heartbeat:
                        heartbeat.let_go(message)
                self.handled += 1
        finally:
            if heartbeat:
                heartbeat.stop()

    def run(self):
        idle_since = time.monotonic()
        while not stopping.is_set():
            if self.message_limit and self.handled >= self.message_limit:
                log.info("handled %d messages: ending", self.handled)
                return
            wanted = min(self.max_messages, self.message_limit - self.handled) if self.message_limit else self.max_messages
            try:
                messages = self.sqs.receive_message(
                    QueueUrl=self.queue_url, MaxNumberOfMessages=wanted, WaitTimeSeconds=self.wait_time,
                    MessageSystemAttributeNames=["MessageGroupId", "ApproximateReceiveCount", "SentTimestamp"]).get("Messages", [])
            except (BotoCoreError, ClientError) as error:
                log.warning("receive failed, trying again: %s", error)
                stopping.wait(1)
                continue
            if messages:
                self.handle_batch(messages)
                idle_since = time.monotonic()
            elif self.idle_timeout and time.monotonic() - idle_since >= self.idle_timeout:
                log.info("no message for %.1f s (IDLE_TIMEOUT_SECONDS %g): ending", time.monotonic() - idle_since, self.idle_timeout)
                return
        log.info("stopped on a signal after %d message(s)", self.handled)


def main():
    # LOG_LEVEL is this consumer's; boto3's own chatter only from warnings up.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())
    # The handler only sets a flag: nothing is cut short, the loop stops at its next check. Ctrl-C too.
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, lambda signum, frame: stopping.set())
    Consumer().run()


if __name__ == "__main__":
    main()
