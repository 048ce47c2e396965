#!/usr/bin/env python3
"""A consumer of the seeds' kind: boto3, configured by the seeds' environment variables.

Receive, check-before-doing on the two tables exactly as /work/shared/SCENARIOS.md says (mark
STARTED; if the side effect exists skip it, else perform it with a conditional put; mark
COMPLETED; delete), and end after an idle timeout or MESSAGE_LIMIT messages. It writes the
seeds' schema and no owner token: both tables keyed on message_id (the side-effects table holds
the side effect's key there), status/attempts/last_updated/payload_digest on status rows,
performed_at/payload_digest/original_message_id on side-effect rows.

Variables (names as src/SqsDemo.Engine/Work/ReferenceConsumerVariables.cs reads them):
QUEUE_URL (required), AWS_ENDPOINT_URL, AWS_REGION, MESSAGE_STATUS_TABLE and
MESSAGE_SIDE_EFFECTS_TABLE (both, or neither: no ledger), WAIT_TIME_SECONDS (10),
MAX_MESSAGES (1), IDLE_TIMEOUT_SECONDS (30), MESSAGE_LIMIT (0: none), REJECT_PAYLOAD_MARKER
(none), BUSINESS_IDEMPOTENCY_FIELD (none), SIDE_EFFECT_DELAY_SECONDS (0),
CRASH_AFTER_SIDE_EFFECT (1: exit with code 3 after the first side effect, before COMPLETED),
LOG_LEVEL (INFO).

On exit it prints one JSON line to stdout: the ids it handled, what it did with each, and counts.
SIGTERM finishes the message in hand, then exits.
"""
import datetime
import hashlib
import json
import logging
import os
import signal
import sys
import time

import boto3
from botocore.exceptions import ClientError

log = logging.getLogger("seed_consumer")
stopping = False


def setting(name, default, parse=str):
    value = os.environ.get(name, "")
    return parse(value) if value != "" else default


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def conditional_failure(error):
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class Ledger:
    """The two tables, written as the seeds' consumer writes them."""

    def __init__(self, dynamodb, status_table, side_effects_table):
        self.dynamodb = dynamodb
        self.status_table = status_table
        self.side_effects_table = side_effects_table

    def mark_started(self, message_id, digest):
        """False when the message is COMPLETED already."""
        try:
            self.dynamodb.update_item(
                TableName=self.status_table,
                Key={"message_id": {"S": message_id}},
                UpdateExpression="SET #s = :started, attempts = if_not_exists(attempts, :zero) + :one, "
                                 "last_updated = :now, payload_digest = :digest",
                ConditionExpression="attribute_not_exists(message_id) OR #s <> :completed",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={
                    ":started": {"S": "STARTED"}, ":completed": {"S": "COMPLETED"},
                    ":zero": {"N": "0"}, ":one": {"N": "1"},
                    ":now": {"S": now()}, ":digest": {"S": digest},
                })
            return True
        except ClientError as error:
            if conditional_failure(error):
                return False
            raise

    def side_effect_exists(self, key):
        item = self.dynamodb.get_item(TableName=self.side_effects_table, Key={"message_id": {"S": key}}, ConsistentRead=True)
        return "Item" in item

    def perform_side_effect(self, key, digest, message_id):
        """False when another consumer performed it first (the put's condition failed)."""
        try:
            self.dynamodb.put_item(
                TableName=self.side_effects_table,
                Item={
                    "message_id": {"S": key}, "performed_at": {"S": now()},
                    "payload_digest": {"S": digest}, "original_message_id": {"S": message_id},
                },
                ConditionExpression="attribute_not_exists(message_id)")
            return True
        except ClientError as error:
            if conditional_failure(error):
                return False
            raise

    def mark_completed(self, message_id):
        self.dynamodb.update_item(
            TableName=self.status_table,
            Key={"message_id": {"S": message_id}},
            UpdateExpression="SET #s = :completed, last_updated = :now",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":completed": {"S": "COMPLETED"}, ":now": {"S": now()}})


class Consumer:
    def __init__(self):
        self.queue_url = os.environ["QUEUE_URL"]
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        session = boto3.session.Session(region_name=region)
        self.sqs = session.client("sqs", endpoint_url=endpoint)
        status_table = os.environ.get("MESSAGE_STATUS_TABLE") or None
        side_effects_table = os.environ.get("MESSAGE_SIDE_EFFECTS_TABLE") or None
        if (status_table is None) != (side_effects_table is None):
            raise SystemExit("MESSAGE_STATUS_TABLE and MESSAGE_SIDE_EFFECTS_TABLE go together: give both, or neither.")
        self.ledger = Ledger(session.client("dynamodb", endpoint_url=endpoint), status_table, side_effects_table) if status_table else None
        self.wait_time = setting("WAIT_TIME_SECONDS", 10, int)
        self.max_messages = setting("MAX_MESSAGES", 1, int)
        self.idle_timeout = setting("IDLE_TIMEOUT_SECONDS", 30.0, float)
        self.message_limit = setting("MESSAGE_LIMIT", 0, int)
        self.reject_marker = setting("REJECT_PAYLOAD_MARKER", None)
        self.business_field = setting("BUSINESS_IDEMPOTENCY_FIELD", None)
        self.side_effect_delay = setting("SIDE_EFFECT_DELAY_SECONDS", 0.0, float)
        self.crash_after_side_effect = setting("CRASH_AFTER_SIDE_EFFECT", "0") in ("1", "true", "True")
        self.handled = {}

    def identify(self, message):
        """The body's id (the seeds' idempotency id), else the broker's MessageId; and the side effect's key."""
        body = message["Body"]
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        data = data if isinstance(data, dict) else {}
        message_id = str(data.get("id") or message["MessageId"])
        key = message_id
        if self.business_field and data.get(self.business_field) is not None:
            key = "biz:%s:%s" % (self.business_field, data[self.business_field])
        return message_id, key

    def handle(self, message):
        body = message["Body"]
        message_id, key = self.identify(message)
        if self.reject_marker and self.reject_marker in body:
            log.info("rejected %s: the body carries %s", message_id, self.reject_marker)
            self.handled[message_id] = "rejected"
            return
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        if self.ledger is not None:
            if not self.ledger.mark_started(message_id, digest):
                self.delete(message)
                self.handled[message_id] = "duplicate"
                return
            performed = False
            if not self.ledger.side_effect_exists(key):
                if self.side_effect_delay > 0:
                    time.sleep(self.side_effect_delay)
                performed = self.ledger.perform_side_effect(key, digest, message_id)
            if performed and self.crash_after_side_effect:
                log.warning("crashing after the side effect of %s, before COMPLETED", message_id)
                self.report()
                os._exit(3)
            self.ledger.mark_completed(message_id)
            self.handled[message_id] = "performed" if performed else "skipped"
        else:
            self.handled[message_id] = "processed"
        self.delete(message)

    def delete(self, message):
        self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def run(self):
        idle_since = time.monotonic()
        while not stopping:
            if self.message_limit and len(self.handled) >= self.message_limit:
                break
            wanted = self.max_messages
            if self.message_limit:
                wanted = min(wanted, self.message_limit - len(self.handled))
            response = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=wanted,
                                                WaitTimeSeconds=self.wait_time, AttributeNames=["All"])
            messages = response.get("Messages", [])
            if not messages:
                if time.monotonic() - idle_since >= self.idle_timeout:
                    log.info("idle for %.1f s: ending", self.idle_timeout)
                    break
                continue
            for message in messages:
                self.handle(message)
            idle_since = time.monotonic()
        self.report()

    def report(self):
        outcomes = list(self.handled.values())
        print(json.dumps({
            "handled": self.handled,
            "performed": outcomes.count("performed"),
            "skipped": outcomes.count("skipped"),
            "duplicates": outcomes.count("duplicate"),
            "rejected": outcomes.count("rejected"),
        }), flush=True)


def stop(signum, frame):
    global stopping
    stopping = True


def main():
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, stop)
    Consumer().run()


if __name__ == "__main__":
    main()
