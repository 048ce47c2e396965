output "aws_region" {
  description = "Where everything was made; Connect-DemoBackend -TerraformOutput connects there."
  value       = var.aws_region
}

# The shape Connect-DemoBackend -TerraformOutput reads (README, "Terraform output"): environment name => its queues and
# tables, a table that the environment lacks null. The fields are scenarios.json's output_fields (a test checks both).
output "scenarios" {
  description = "Per environment (the name a scenario gives New-DemoEnvironment): queue and DLQ URL and ARN, FIFO or not, and the ledger's table names."
  value = {
    for name, s in local.scenarios : name => {
      queue_url             = aws_sqs_queue.main[name].url
      queue_arn             = aws_sqs_queue.main[name].arn
      dlq_url               = local.dlq[name].url
      dlq_arn               = local.dlq[name].arn
      fifo                  = s.fifo
      status_table          = local.table_name[name].status
      side_effects_table    = local.table_name[name].side_effects
      effect_log_table      = local.table_name[name].effect_log
      entity_versions_table = local.table_name[name].entity_versions
      results_table         = local.table_name[name].results
    }
  }
}

output "ecr_repository_url" {
  description = "Where ./build.ps1 -Task Container pushes the consumer image (null without enable_ecs_consumer)."
  value       = local.ecs_enabled ? aws_ecr_repository.consumer[0].repository_url : null
}

output "ecs_cluster_name" {
  description = "The consumer's cluster (null without enable_ecs_consumer)."
  value       = local.ecs_enabled ? aws_ecs_cluster.consumer[0].name : null
}

output "ecs_service_name" {
  description = "The consumer's service (null until enable_ecs_consumer and ecs_image_tag are set)."
  value       = local.ecs_service_count > 0 ? aws_ecs_service.consumer[0].name : null
}

output "consumer_log_group" {
  description = "The consumer's CloudWatch log group (null without enable_ecs_consumer)."
  value       = local.ecs_enabled ? aws_cloudwatch_log_group.consumer[0].name : null
}

output "alarm_topic_arn" {
  description = "The SNS topic the queues' alarms notify, to subscribe to (null without enable_alarm_topic)."
  value       = var.enable_alarm_topic ? aws_sns_topic.alarms[0].arn : null
}
