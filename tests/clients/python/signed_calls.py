"""One SQS call (ListQueues) and one DynamoDB call (ListTables) through boto3, signed with the credentials in
the environment (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Prints one JSON object:
{"sqs": "ok" or the error code, "sqs_status": the HTTP status, "dynamodb": ..., "dynamodb_status": ...}.
Exits 0 whether the calls were refused or not: the caller judges the codes."""
import json

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

# One attempt: a refused signature must be seen as the service answered it, not retried.
ONCE = Config(retries={"max_attempts": 1, "mode": "standard"})


def outcome(call):
    try:
        answer = call()
        return "ok", answer["ResponseMetadata"]["HTTPStatusCode"]
    except ClientError as error:
        return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]


def main():
    seen = {}
    seen["sqs"], seen["sqs_status"] = outcome(boto3.client("sqs", config=ONCE).list_queues)
    seen["dynamodb"], seen["dynamodb_status"] = outcome(boto3.client("dynamodb", config=ONCE).list_tables)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
