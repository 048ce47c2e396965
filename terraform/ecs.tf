# The optional consumer (enable_ecs_consumer): the seeds' deployment of their consumer, here the SqsDemo shell running
# `Start-DemoConsumer -FromEnvironmentVariables` (the Dockerfile at the repository's top) on ECS Fargate against one scenario's
# queue (ecs_scenario), configured by the seeds' environment variables.
#
# Made when enabled: a VPC with two public subnets (tasks get a public IP to reach SQS, DynamoDB, ECR and CloudWatch
# Logs without a NAT gateway; the security group allows nothing in and only HTTPS out), an ECR repository (scanned on
# push, the last 5 images kept), a log group, the cluster, an execution role and a task role. The task definition and
# the service follow once ecs_image_tag names an image pushed there (./build.ps1 -Task Container).

locals {
  ecs_enabled = var.enable_ecs_consumer
  ecs_count   = local.ecs_enabled ? 1 : 0
  # The task definition and service need an image to run.
  ecs_service_count = local.ecs_enabled && var.ecs_image_tag != "" ? 1 : 0

  # The consumer's scenario; null when it is not among those created (terraform_data.scenario_selection then stops the plan).
  ecs_scenario = try(local.scenarios[var.ecs_scenario], null)

  consumer_name = "${var.project_name}-consumer"

  # What the container is given: the knobs, then what Terraform knows (which the knobs cannot override).
  consumer_environment = merge(
    var.consumer_environment,
    {
      AWS_REGION = var.aws_region
      QUEUE_URL  = try(aws_sqs_queue.main[var.ecs_scenario].url, "")
    },
    try(local.ecs_scenario.ledger, false) ? {
      MESSAGE_STATUS_TABLE       = local.table_name[var.ecs_scenario].status
      MESSAGE_SIDE_EFFECTS_TABLE = local.table_name[var.ecs_scenario].side_effects
    } : {},
  )

  # Fargate's CPU/memory pairs: memory bounds (MiB) per CPU value.
  fargate_memory = {
    "256"  = [512, 2048]
    "512"  = [1024, 4096]
    "1024" = [2048, 8192]
    "2048" = [4096, 16384]
    "4096" = [8192, 30720]
  }
}

data "aws_availability_zones" "available" {
  count = local.ecs_count
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# ---- Network ----------------------------------------------------------------------------------------------------------

resource "aws_vpc" "consumer" {
  count = local.ecs_count

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.consumer_name }
}

resource "aws_internet_gateway" "consumer" {
  count = local.ecs_count

  vpc_id = aws_vpc.consumer[0].id

  tags = { Name = local.consumer_name }
}

resource "aws_subnet" "public" {
  count = local.ecs_enabled ? 2 : 0

  vpc_id            = aws_vpc.consumer[0].id
  availability_zone = data.aws_availability_zones.available[0].names[count.index]
  # Two /24s of the VPC's range.
  cidr_block = cidrsubnet(var.vpc_cidr, 24 - tonumber(split("/", var.vpc_cidr)[1]), count.index)
  # Tasks ask for a public IP themselves (assign_public_ip); nothing else is launched here.
  map_public_ip_on_launch = false

  tags = { Name = "${local.consumer_name}-public-${count.index}" }
}

resource "aws_route_table" "public" {
  count = local.ecs_count

  vpc_id = aws_vpc.consumer[0].id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.consumer[0].id
  }

  tags = { Name = "${local.consumer_name}-public" }
}

resource "aws_route_table_association" "public" {
  count = local.ecs_enabled ? 2 : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

# The VPC's default security group, emptied: nothing uses it, and it should allow nothing.
resource "aws_default_security_group" "consumer" {
  count = local.ecs_count

  vpc_id = aws_vpc.consumer[0].id

  tags = { Name = "${local.consumer_name}-default-unused" }
}

resource "aws_security_group" "consumer" {
  count = local.ecs_count

  name        = local.consumer_name
  description = "SqsDemo consumer tasks: nothing in; HTTPS out to the AWS APIs (SQS, DynamoDB, ECR, CloudWatch Logs)"
  vpc_id      = aws_vpc.consumer[0].id

  egress {
    description = "HTTPS to AWS APIs"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = { Name = local.consumer_name }
}

# ---- Image and logs ---------------------------------------------------------------------------------------------------

resource "aws_ecr_repository" "consumer" {
  count = local.ecs_count

  name                 = local.consumer_name
  image_tag_mutability = "IMMUTABLE"
  # destroy removes the pushed images with the repository
  force_delete = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "consumer" {
  count = local.ecs_count

  repository = aws_ecr_repository.consumer[0].name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 5 images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 5
      }
      action = { type = "expire" }
    }]
  })
}

resource "aws_cloudwatch_log_group" "consumer" {
  count = local.ecs_count

  name              = "/ecs/${local.consumer_name}"
  retention_in_days = var.log_retention_days
}

# ---- Roles ------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Only ECS acting for this account may assume the roles (the confused-deputy guard).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

# The execution role: what ECS itself needs to start the task (pull the image, write the log stream).
resource "aws_iam_role" "execution" {
  count = local.ecs_count

  name               = "${local.consumer_name}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "execution" {
  count = local.ecs_count

  statement {
    sid = "EcrLogin"
    # GetAuthorizationToken names no resource: IAM accepts only "*" for it.
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullTheConsumerImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = [aws_ecr_repository.consumer[0].arn]
  }

  statement {
    sid       = "WriteTheConsumerLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.consumer[0].arn}:*"]
  }
}

resource "aws_iam_role_policy" "execution" {
  count = local.ecs_count

  name   = "pull-image-write-logs"
  role   = aws_iam_role.execution[0].id
  policy = data.aws_iam_policy_document.execution[0].json
}

# The task role: what the consumer does, and nothing more. SQS on the scenario's queue only: receive, delete (and
# DeleteMessageBatch, which sqs:DeleteMessage covers), change visibility (heartbeat, backoff, handing a batch back;
# the batch call too), and read its attributes (the visibility timeout and receive wait it works with). DynamoDB on the
# scenario's status and side-effects tables only, with the calls the ledger makes on them: PutItem (mark STARTED,
# perform the side effect), GetItem (a consistent read when a condition failed), UpdateItem (take over, mark COMPLETED).
resource "aws_iam_role" "task" {
  count = local.ecs_count

  name               = "${local.consumer_name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  count = local.ecs_count

  statement {
    sid       = "ConsumeTheScenarioQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [try(aws_sqs_queue.main[var.ecs_scenario].arn, "arn:${data.aws_partition.current.partition}:sqs:${var.aws_region}:${data.aws_caller_identity.current.account_id}:none")]
  }

  dynamic "statement" {
    for_each = try(local.ecs_scenario.ledger, false) ? [1] : []
    content {
      sid     = "KeepTheScenarioLedger"
      actions = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem"]
      resources = [
        aws_dynamodb_table.ledger["${var.ecs_scenario}/status"].arn,
        aws_dynamodb_table.ledger["${var.ecs_scenario}/side-effects"].arn,
      ]
    }
  }
}

resource "aws_iam_role_policy" "task" {
  count = local.ecs_count

  name   = "consume-${var.ecs_scenario}"
  role   = aws_iam_role.task[0].id
  policy = data.aws_iam_policy_document.task[0].json
}

# ---- Cluster, task, service -------------------------------------------------------------------------------------------

resource "aws_ecs_cluster" "consumer" {
  count = local.ecs_count

  name = local.consumer_name

  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

resource "aws_ecs_task_definition" "consumer" {
  count = local.ecs_service_count

  family                   = local.consumer_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.ecs_cpu)
  memory                   = tostring(var.ecs_memory)
  execution_role_arn       = aws_iam_role.execution[0].arn
  task_role_arn            = aws_iam_role.task[0].arn

  runtime_platform {
    operating_system_family = "LINUX"
    # ./build.ps1 -Task Container builds for linux/amd64
    cpu_architecture = "X86_64"
  }

  container_definitions = jsonencode([{
    name      = "consumer"
    image     = "${aws_ecr_repository.consumer[0].repository_url}:${var.ecs_image_tag}"
    essential = true
    # The image's ENTRYPOINT runs the consumer; its knobs are these variables.
    environment = [for name in sort(keys(local.consumer_environment)) : { name = name, value = local.consumer_environment[name] }]
    # SIGTERM is a graceful stop: the consumer finishes the message in hand. Fargate's longest wait before SIGKILL.
    stopTimeout = 120
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.consumer[0].name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = "consumer"
      }
    }
  }])

  lifecycle {
    precondition {
      condition     = var.ecs_memory >= local.fargate_memory[tostring(var.ecs_cpu)][0] && var.ecs_memory <= local.fargate_memory[tostring(var.ecs_cpu)][1]
      error_message = "Fargate does not run ${var.ecs_cpu} CPU units with ${var.ecs_memory} MiB: at that CPU, memory must be ${local.fargate_memory[tostring(var.ecs_cpu)][0]}-${local.fargate_memory[tostring(var.ecs_cpu)][1]} MiB."
    }
  }
}

resource "aws_ecs_service" "consumer" {
  count = local.ecs_service_count

  name            = local.consumer_name
  cluster         = aws_ecs_cluster.consumer[0].id
  task_definition = aws_ecs_task_definition.consumer[0].arn
  desired_count   = var.ecs_desired_count
  launch_type     = "FARGATE"
  # A consumer that crashes (CRASH_RATE) or ends (IDLE_TIMEOUT_SECONDS, MESSAGE_LIMIT) is started anew, as the seeds'
  # ECS service restarts theirs.
  propagate_tags = "SERVICE"

  network_configuration {
    subnets          = aws_subnet.public[*].id
    security_groups  = [aws_security_group.consumer[0].id]
    assign_public_ip = true
  }
}
