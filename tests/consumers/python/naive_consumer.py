#!/usr/bin/env python3
"""The common naive SQS consumer: receive, do the side effect, delete. Do not copy it.

What is wrong with it: it assumes each message is delivered once. SQS delivers AT LEAST once, so
the side effect (a put on the side-effects table, standing in for a payment provider) is done
again whenever a message comes back:
  - a second consumer receives it while the first is still working (its work outlived the
    visibility timeout), and both perform the side effect: it fails the `dup` scenario;
  - a consumer crashes after the side effect but before its delete, and the next one performs it
    again: `dup-side-effects`;
  - two messages carry the same business key (BUSINESS_IDEMPOTENCY_FIELD, e.g. one order sent
    twice): both are performed: `business`.
  - a message carrying an entity's version is stored in ENTITY_VERSIONS_TABLE whatever version is
    there already (last write wins): a standard queue gives no order, so an older version arriving
    late overwrites a newer one: `version-order`;
  - it ignores STALE_AFTER_SECONDS: a message that waited past its use (a price quote an hour old)
    is applied all the same: `backlog-drain`.
The put is unconditional, so nothing refuses the second one: the row is simply overwritten, and
the external system it stands for has charged twice. idempotent_consumer.py beside it shows the
fix (a status table and a conditional put: check before doing).

Everything else it does right, with the same knobs as idempotent_consumer.py (QUEUE_URL,
AWS_ENDPOINT_URL, AWS_REGION, MESSAGE_SIDE_EFFECTS_TABLE (MESSAGE_STATUS_TABLE is ignored: it keeps
no bookkeeping), WAIT_TIME_SECONDS, MAX_MESSAGES, IDLE_TIMEOUT_SECONDS, MESSAGE_LIMIT,
REJECT_PAYLOAD_MARKER, BUSINESS_IDEMPOTENCY_FIELD, SIDE_EFFECT_DELAY_SECONDS, HEARTBEAT_SECONDS,
ENTITY_VERSIONS_TABLE, ENTITY_KEY, VERSION_KEY, LOG_LEVEL): a poison message raises and is left for the dead-letter queue, one failure does not
stop its batch, and SIGTERM finishes the message in hand, hands the rest back and exits 0.
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

log = logging.getLogger("naive_consumer")
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
        self.dynamodb = session.client("dynamodb", endpoint_url=endpoint)
        self.side_effects_table = os.environ.get("MESSAGE_SIDE_EFFECTS_TABLE") or None
        self.wait_time = setting("WAIT_TIME_SECONDS", 10, int)
        self.max_messages = setting("MAX_MESSAGES", 1, int)
        self.idle_timeout = setting("IDLE_TIMEOUT_SECONDS", 0.0, float)
        self.message_limit = setting("MESSAGE_LIMIT", 0, int)
        self.reject_marker = setting("REJECT_PAYLOAD_MARKER", None)
        self.business_field = setting("BUSINESS_IDEMPOTENCY_FIELD", None)
        self.side_effect_delay = setting("SIDE_EFFECT_DELAY_SECONDS", 0.0, float)
        self.heartbeat_interval = setting("HEARTBEAT_SECONDS", None, float)
        self.versions_table = setting("ENTITY_VERSIONS_TABLE", None)
        self.entity_key = setting("ENTITY_KEY", "entity_id")
        self.version_key = setting("VERSION_KEY", "version")
        self.visibility_timeout = None
        if self.heartbeat_interval:
            attributes = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["VisibilityTimeout"])
            self.visibility_timeout = int(attributes["Attributes"]["VisibilityTimeout"])
        self.handled = 0

    def keys(self, message):
        """The message's id (the body's `id`, else SQS's MessageId) and the side effect's key."""
        try:
            body = json.loads(message["Body"])
        except ValueError:
            body = None
        body = body if isinstance(body, dict) else {}
        message_id = str(body.get("id") or message["MessageId"])
        if self.business_field and body.get(self.business_field) is not None:
            return message_id, "biz:%s:%s" % (self.business_field, body[self.business_field])
        return message_id, message_id

    def store_version(self, message):
        """Another flaw: the entity's version is put as it comes, older or not."""
        try:
            body = json.loads(message["Body"])
        except ValueError:
            return
        if not isinstance(body, dict) or body.get(self.entity_key) is None or body.get(self.version_key) is None:
            return
        self.dynamodb.put_item(
            TableName=self.versions_table,
            Item={"entity_id": {"S": str(body[self.entity_key])}, "version": {"N": str(int(body[self.version_key]))},
                  "updated_at": {"S": datetime.datetime.now(datetime.timezone.utc).isoformat()}})

    def handle(self, message, message_id, key):
        """The flaw is here: no check whether this side effect was done already, and a put that
        overwrites instead of refusing."""
        if self.reject_marker and self.reject_marker in message["Body"]:
            raise Rejected("the body carries " + self.reject_marker)
        if self.side_effect_delay > 0:
            time.sleep(self.side_effect_delay)  # SIGTERM does not cut it short: the work finishes
        if self.versions_table:
            self.store_version(message)
        if self.side_effects_table:
            self.dynamodb.put_item(
                TableName=self.side_effects_table,
                Item={"message_id": {"S": key},
                      "performed_at": {"S": datetime.datetime.now(datetime.timezone.utc).isoformat()},
                      "payload_digest": {"S": hashlib.sha256(message["Body"].encode("utf-8")).hexdigest()},
                      "original_message_id": {"S": message_id}})
        self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
        return "side effect %s performed" % key

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
                    MessageSystemAttributeNames=["MessageGroupId", "ApproximateReceiveCount"]).get("Messages", [])
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
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, lambda signum, frame: stopping.set())
    Consumer().run()


if __name__ == "__main__":
    main()
