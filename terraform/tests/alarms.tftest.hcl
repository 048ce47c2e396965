# `terraform test` against a mocked aws provider (as hardening.tftest.hcl): the CloudWatch alarms of alarms.tf on the
# values Terraform computes. tests/SqsDemo.Tests/Terraform/TerraformPlanTests.cs runs every .tftest.hcl here.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = { arn = "arn:aws:sqs:eu-west-1:123456789012:mock", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:sqsdemo-alarms" }
  }
}

run "every_scenario_queue_gets_a_depth_and_an_age_alarm_and_every_dead_letter_queue_one_on_its_first_message" {
  command = apply

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.queue_depth)) == toset(keys(aws_sqs_queue.main)) && toset(keys(aws_cloudwatch_metric_alarm.oldest_message_age)) == toset(keys(aws_sqs_queue.main))
    error_message = "Every scenario queue has a depth and an age alarm."
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.dead_letters)) == setunion(toset(keys(aws_sqs_queue.dlq)), toset(keys(aws_sqs_queue.shared_dlq)))
    error_message = "Every dead-letter queue, own or shared, has an alarm."
  }
  assert {
    condition = alltrue([for name, alarm in aws_cloudwatch_metric_alarm.queue_depth :
      alarm.metric_name == "ApproximateNumberOfMessagesVisible" && alarm.namespace == "AWS/SQS" && alarm.dimensions.QueueName == aws_sqs_queue.main[name].name
    && alarm.threshold == 100 && alarm.evaluation_periods == 2 && alarm.period == 60 && alarm.statistic == "Maximum" && alarm.comparison_operator == "GreaterThanThreshold"])
    error_message = "The depth alarm watches the queue's visible messages above alarm_depth_threshold (100) for 2 minutes."
  }
  assert {
    condition = alltrue([for name, alarm in aws_cloudwatch_metric_alarm.oldest_message_age :
    alarm.metric_name == "ApproximateAgeOfOldestMessage" && alarm.dimensions.QueueName == aws_sqs_queue.main[name].name && alarm.threshold == 300])
    error_message = "The age alarm watches the queue's oldest message above alarm_age_threshold_seconds (300)."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dead_letters["poison"].dimensions.QueueName == aws_sqs_queue.dlq["poison"].name && aws_cloudwatch_metric_alarm.dead_letters["order-pipeline-dlq"].dimensions.QueueName == aws_sqs_queue.shared_dlq["order-pipeline-dlq"].name
    error_message = "The dead-letter alarms watch the dead-letter queues, own and shared."
  }
  assert {
    condition = alltrue([for alarm in aws_cloudwatch_metric_alarm.dead_letters :
    alarm.metric_name == "ApproximateNumberOfMessagesVisible" && alarm.threshold == 0 && alarm.comparison_operator == "GreaterThanThreshold" && alarm.evaluation_periods == 1])
    error_message = "A dead-letter alarm fires on the first message (more than 0 visible, in one period)."
  }
  assert {
    condition     = length(aws_sns_topic.alarms) == 0 && alltrue([for alarm in concat(values(aws_cloudwatch_metric_alarm.queue_depth), values(aws_cloudwatch_metric_alarm.dead_letters)) : length(alarm.alarm_actions) == 0 && length(alarm.ok_actions) == 0])
    error_message = "Without enable_alarm_topic there is no topic and no alarm action."
  }
  assert {
    condition     = output.alarm_topic_arn == null
    error_message = "No topic, no topic ARN."
  }
}

run "the_thresholds_are_variables_and_the_topic_is_notified_on_alarm_and_on_ok" {
  command = apply

  variables {
    scenarios                   = ["observability"]
    alarm_depth_threshold       = 30
    alarm_age_threshold_seconds = 90
    alarm_dead_letter_threshold = 5
    alarm_period_seconds        = 300
    alarm_evaluation_periods    = 3
    enable_alarm_topic          = true
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.queue_depth["observability"].threshold == 30 && aws_cloudwatch_metric_alarm.queue_depth["observability"].period == 300 && aws_cloudwatch_metric_alarm.queue_depth["observability"].evaluation_periods == 3
    error_message = "The depth alarm takes its threshold, period and evaluation periods from the variables."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.oldest_message_age["observability"].threshold == 90 && aws_cloudwatch_metric_alarm.dead_letters["observability"].threshold == 5 && aws_cloudwatch_metric_alarm.dead_letters["observability"].evaluation_periods == 1
    error_message = "The age and dead-letter alarms take their thresholds from the variables."
  }
  assert {
    condition     = aws_sns_topic.alarms[0].name == "sqsdemo-alarms" && aws_sns_topic.alarms[0].kms_master_key_id == "alias/aws/sns" && output.alarm_topic_arn == aws_sns_topic.alarms[0].arn
    error_message = "enable_alarm_topic makes an encrypted topic and outputs its ARN."
  }
  assert {
    condition = alltrue([for alarm in concat(values(aws_cloudwatch_metric_alarm.queue_depth), values(aws_cloudwatch_metric_alarm.oldest_message_age), values(aws_cloudwatch_metric_alarm.dead_letters)) :
    alarm.alarm_actions == toset([aws_sns_topic.alarms[0].arn]) && alarm.ok_actions == toset([aws_sns_topic.alarms[0].arn])])
    error_message = "Every alarm notifies the topic on ALARM and on OK."
  }
}

run "a_period_that_is_not_whole_minutes_stops_the_plan" {
  command = plan

  variables {
    alarm_period_seconds = 30
  }

  expect_failures = [var.alarm_period_seconds]
}
