# CloudWatch alarms on every scenario queue: the three the observability scenario attaches with New-DemoAlarm, made
# on AWS. SQS reports its gauges to CloudWatch once a minute, so the period is a whole number of minutes. A queue idle
# for six hours with nothing in it stops reporting; treat_missing_data = "notBreaching" keeps such a queue OK rather
# than INSUFFICIENT_DATA (a queue holding messages is active and keeps reporting, so a full DLQ is never missed).
#
# Notifications are off by default: enable_alarm_topic makes an SNS topic (encrypted with the AWS managed key) that
# every alarm notifies on ALARM and on OK; subscribe to it yourself (aws sns subscribe ... --protocol email).

locals {
  alarm_actions = var.enable_alarm_topic ? [aws_sns_topic.alarms[0].arn] : []

  # Every dead-letter queue made here, by its key in alarm names: a scenario's own, or a shared one.
  alarmed_dead_letter_queues = merge(
    { for name, q in aws_sqs_queue.dlq : name => q.name },
    { for name, q in aws_sqs_queue.shared_dlq : name => q.name },
  )
}

resource "aws_sns_topic" "alarms" {
  count = var.enable_alarm_topic ? 1 : 0

  name              = "${var.project_name}-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_metric_alarm" "queue_depth" {
  for_each = local.scenarios

  alarm_name          = "${var.project_name}-${each.key}-depth"
  alarm_description   = "More than ${var.alarm_depth_threshold} messages waiting in ${aws_sqs_queue.main[each.key].name} for ${var.alarm_evaluation_periods} period(s) of ${var.alarm_period_seconds} s: the consumers are down or cannot keep up."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.main[each.key].name }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = var.alarm_depth_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "oldest_message_age" {
  for_each = local.scenarios

  alarm_name          = "${var.project_name}-${each.key}-age"
  alarm_description   = "The oldest message in ${aws_sqs_queue.main[each.key].name} has waited more than ${var.alarm_age_threshold_seconds} s for ${var.alarm_evaluation_periods} period(s): nothing is taking messages off it."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.main[each.key].name }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = var.alarm_age_threshold_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# One period is enough: the first dead letter is news.
resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each = local.alarmed_dead_letter_queues

  alarm_name          = "${var.project_name}-${each.key}-dead-letters"
  alarm_description   = "More than ${var.alarm_dead_letter_threshold} message(s) in the dead-letter queue ${each.value}: messages failed maxReceiveCount times."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  threshold           = var.alarm_dead_letter_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
