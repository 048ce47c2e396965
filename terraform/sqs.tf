# Per scenario: the queue, its dead-letter queue (own or shared, always of the queue's type) with a redrive allow
# policy naming exactly its sources, SSE-SQS on every queue, and a queue policy that refuses requests without TLS.
#
# A run adopts these queues (Connect-DemoBackend -TerraformOutput; New-DemoEnvironment) and sets the attributes its
# scenario asks for: visibility timeout, receive wait, redrive policy, delay, retention. Run with parameters other
# than the catalog's defaults, a scenario leaves drift that the next `terraform apply` puts back.

# Retention. A message moved to a standard queue's DLQ keeps its original enqueue timestamp, and the DLQ's retention
# counts from that, not from its arrival: a message that spent 3 days failing in a source queue and lands in a DLQ
# kept at SQS's default 4 days is deleted a day later, before anyone has looked at it. (A FIFO DLQ resets the
# timestamp, but one rule for both is simpler and errs the safe way.) So every DLQ keeps messages for SQS's maximum,
# 14 days, and the source queues say their retention outright (var.message_retention_seconds, SQS's default 4 days)
# instead of inheriting it unseen, always below the DLQs'. A run adopting these queues sets the source queue's
# retention to the scenario's (-MessageRetentionPeriod, 4 days unless given) and leaves the DLQ's alone.
locals {
  dead_letter_retention_seconds = 1209600
}

resource "aws_sqs_queue" "dlq" {
  for_each = local.own_dlq_scenarios

  name                        = "${var.project_name}-${each.key}-dlq${each.value.fifo ? ".fifo" : ""}"
  fifo_queue                  = each.value.fifo ? true : null
  content_based_deduplication = each.value.fifo ? each.value.content_based_deduplication : null
  message_retention_seconds   = local.dead_letter_retention_seconds
  sqs_managed_sse_enabled     = true

  tags = { Environment = each.key, Role = "dead-letter" }
}

resource "aws_sqs_queue" "shared_dlq" {
  for_each = local.shared_dlqs

  name                      = "${var.project_name}-${each.key}${each.value.fifo ? ".fifo" : ""}"
  fifo_queue                = each.value.fifo ? true : null
  message_retention_seconds = local.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = { Environment = each.key, Role = "dead-letter" }
}

resource "aws_sqs_queue" "main" {
  for_each = local.scenarios

  name                        = local.queue_name[each.key]
  fifo_queue                  = each.value.fifo ? true : null
  content_based_deduplication = each.value.fifo ? each.value.content_based_deduplication : null
  visibility_timeout_seconds  = each.value.visibility_timeout
  receive_wait_time_seconds   = each.value.receive_wait_time
  message_retention_seconds   = var.message_retention_seconds
  sqs_managed_sse_enabled     = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = local.dlq[each.key].arn
    maxReceiveCount     = each.value.max_receive_count
  })

  tags = { Environment = each.key, Role = "source" }

  depends_on = [terraform_data.scenario_selection]
}

# Only the scenario's own queue may use its DLQ (a separate resource: the DLQ cannot name its source's ARN while the
# source names the DLQ's).
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each = local.own_dlq_scenarios

  queue_url = aws_sqs_queue.dlq[each.key].url
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.main[each.key].arn]
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "shared_dlq" {
  for_each = local.shared_dlqs

  queue_url = aws_sqs_queue.shared_dlq[each.key].url
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [for name in each.value.sources : aws_sqs_queue.main[name].arn]
  })
}

locals {
  # Every queue made here, by a unique key, for the TLS-only policy.
  all_queues = merge(
    { for name, q in aws_sqs_queue.main : "queue:${name}" => { url = q.url, arn = q.arn } },
    { for name, q in aws_sqs_queue.dlq : "dlq:${name}" => { url = q.url, arn = q.arn } },
    { for name, q in aws_sqs_queue.shared_dlq : "shared-dlq:${name}" => { url = q.url, arn = q.arn } },
  )
}

# Deny, to every principal, any request that does not come over TLS. Principal "*" on a Deny with the
# aws:SecureTransport = false condition is AWS's standard pattern for "nobody without TLS" (the one way to name every
# caller, this account's roles included); a Deny grants nothing, so it is not the wildcard principal that "no wildcard
# principals" forbids, which is an Allow. Access itself is granted by IAM policies in the account (yours, the consumer
# task's): nothing here allows anyone. A test (TerraformConsistencyTests) keeps every queue under this policy and every
# Allow free of wildcard principals.
data "aws_iam_policy_document" "queue_tls_only" {
  for_each = local.all_queues

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "tls_only" {
  for_each = local.all_queues

  queue_url = each.value.url
  policy    = data.aws_iam_policy_document.queue_tls_only[each.key].json
}
