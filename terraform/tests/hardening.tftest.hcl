# `terraform test` against a mocked aws provider: the configuration planned and applied in memory, with no account and
# no network, so that each hardening choice is checked on the values Terraform computes, not only on the text.
# tests/SqsDemo.Tests/Terraform/TerraformPlanTests.cs runs it where an aws provider is at hand offline (a plugin mirror).

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-west-1a", "eu-west-1b"] }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = { arn = "arn:aws:sqs:eu-west-1:123456789012:mock", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock" }
  }
  mock_resource "aws_ecr_repository" {
    defaults = { arn = "arn:aws:ecr:eu-west-1:123456789012:repository/mock", repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mock" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock:1" }
  }
}

run "without_the_consumer_only_queues_and_tables_with_ttl_where_the_ledger_writes_expires_at" {
  command = apply

  assert {
    condition     = length(aws_vpc.consumer) == 0 && length(aws_vpc_endpoint.interface) == 0 && length(aws_flow_log.consumer) == 0
    error_message = "Without enable_ecs_consumer no network is made."
  }
  assert {
    condition = alltrue([for key, table in aws_dynamodb_table.ledger : table.ttl[0].enabled == (
      endswith(key, "/status") || endswith(key, "/results")
    )])
    error_message = "TTL is on for the status and results tables only."
  }
  assert {
    condition     = alltrue([for table in aws_dynamodb_table.ledger : table.ttl[0].enabled ? table.ttl[0].attribute_name == "expires_at" : true])
    error_message = "TTL is on expires_at, the attribute the ledger writes."
  }
  assert {
    condition     = alltrue([for table in aws_dynamodb_table.ledger : !table.deletion_protection_enabled])
    error_message = "Deletion protection is off by default."
  }
}

run "the_consumer_by_default_runs_private_behind_endpoints_read_only_and_rolls_back_bad_deployments" {
  command = apply

  variables {
    enable_ecs_consumer = true
    ecs_image_tag       = "abc1234"
    enable_flow_logs    = true
  }

  assert {
    condition     = aws_ecs_service.consumer[0].network_configuration[0].assign_public_ip == false
    error_message = "Tasks in private subnets get no public IP."
  }
  assert {
    condition     = toset(aws_ecs_service.consumer[0].network_configuration[0].subnets) == toset(aws_subnet.private[*].id) && length(aws_subnet.public) == 0
    error_message = "Tasks run in the private subnets."
  }
  assert {
    condition     = length(aws_internet_gateway.consumer) == 0 && length(aws_route_table.private[0].route) == 0
    error_message = "No internet gateway and no route out of the VPC."
  }
  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["sqs", "ecr-api", "ecr-dkr", "logs"]) && toset(keys(aws_vpc_endpoint.gateway)) == toset(["dynamodb", "s3"])
    error_message = "Interface endpoints for SQS, ECR and logs; gateways for DynamoDB and S3."
  }
  assert {
    condition     = alltrue([for e in aws_security_group.consumer[0].egress : e.from_port == 443 && e.to_port == 443 && length(e.cidr_blocks == null ? [] : e.cidr_blocks) == 0])
    error_message = "Egress is HTTPS, and never to an address range when private."
  }
  assert {
    condition     = length(aws_security_group.consumer[0].egress) == 2 && length(aws_security_group.consumer[0].ingress) == 0
    error_message = "Two egress rules (endpoints' group, gateways' prefix lists), no ingress."
  }
  assert {
    condition     = aws_ecs_service.consumer[0].deployment_circuit_breaker[0].enable && aws_ecs_service.consumer[0].deployment_circuit_breaker[0].rollback
    error_message = "The circuit breaker rolls back."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.consumer[0].container_definitions)[0].readonlyRootFilesystem
    error_message = "The root filesystem is read-only."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.consumer[0].container_definitions)[0].mountPoints[0].containerPath == "/tmp" && one(aws_ecs_task_definition.consumer[0].volume[*].name) == "tmp"
    error_message = "/tmp is a writable task volume."
  }
  assert {
    condition = contains(jsondecode(aws_ecs_task_definition.consumer[0].container_definitions)[0].environment, { name = "LEDGER_RETENTION_DAYS", value = "30" }) && contains(
    jsondecode(aws_ecs_task_definition.consumer[0].container_definitions)[0].environment, { name = "TMPDIR", value = "/tmp" })
    error_message = "The container gets the ledger's retention and its temp folder."
  }
  assert {
    condition     = alltrue([for rule in jsondecode(aws_ecr_lifecycle_policy.consumer[0].policy).rules : rule.selection.tagStatus == "untagged"])
    error_message = "Only untagged images expire."
  }
  assert {
    condition     = aws_flow_log.consumer[0].log_destination_type == "cloud-watch-logs" && aws_flow_log.consumer[0].traffic_type == "ALL"
    error_message = "Flow logs go to CloudWatch Logs."
  }
}

run "the_public_choice_gives_tasks_a_public_ip_and_makes_no_endpoints" {
  command = apply

  variables {
    enable_ecs_consumer = true
    ecs_image_tag       = "abc1234"
    ecs_network         = "public"
  }

  assert {
    condition     = aws_ecs_service.consumer[0].network_configuration[0].assign_public_ip && length(aws_internet_gateway.consumer) == 1
    error_message = "Public subnets: a public IP and an internet gateway."
  }
  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_vpc_endpoint.gateway) == 0 && length(aws_subnet.private) == 0
    error_message = "No endpoints and no private subnets."
  }
  assert {
    condition     = length(aws_security_group.consumer[0].egress) == 1 && one([for e in aws_security_group.consumer[0].egress : join(",", e.cidr_blocks)]) == "0.0.0.0/0"
    error_message = "HTTPS out to anywhere."
  }
  assert {
    condition     = length(aws_flow_log.consumer) == 0
    error_message = "Flow logs are off by default."
  }
}

run "no_retention_and_deletion_protection" {
  command = apply

  variables {
    enable_ecs_consumer   = true
    ecs_image_tag         = "abc1234"
    ledger_retention_days = 0
    deletion_protection   = true
  }

  assert {
    condition     = alltrue([for table in aws_dynamodb_table.ledger : !table.ttl[0].enabled && table.deletion_protection_enabled])
    error_message = "Retention 0 turns TTL off; deletion protection on every table."
  }
  assert {
    condition     = !aws_ecr_repository.consumer[0].force_delete
    error_message = "Deletion protection keeps the images on destroy."
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.consumer[0].container_definitions)[0].environment, { name = "LEDGER_RETENTION_DAYS", value = "0" })
    error_message = "The consumer writes no expiry."
  }
}

run "a_file_knob_outside_tmp_stops_the_plan" {
  command = plan

  variables {
    enable_ecs_consumer  = true
    ecs_image_tag        = "abc1234"
    consumer_environment = { SIDE_EFFECT_LOG_PATH = "/app/effects.log" }
  }

  expect_failures = [aws_ecs_task_definition.consumer]
}

run "a_retention_shorter_than_a_message_lives_is_refused" {
  command = plan

  variables {
    ledger_retention_days = 14
  }

  expect_failures = [var.ledger_retention_days]
}

run "an_unknown_network_is_refused" {
  command = plan

  variables {
    ecs_network = "nat"
  }

  expect_failures = [var.ecs_network]
}
