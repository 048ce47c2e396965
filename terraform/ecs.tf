# The optional consumer (enable_ecs_consumer): the seeds' deployment of their consumer, here the SqsDemo shell running
# `Start-DemoConsumer -FromEnvironmentVariables` (the Dockerfile at the repository's top) on ECS Fargate against one scenario's
# queue (ecs_scenario), configured by the seeds' environment variables.
#
# Made when enabled: a VPC (network.tf: private subnets with VPC endpoints by default, or public ones by ecs_network),
# an ECR repository (scanned on push; tagged images kept, untagged ones expire), a log group, the cluster, an execution
# role and a task role. The task definition (read-only root filesystem, a writable /tmp) and the service (a deployment
# circuit breaker that rolls back) follow once ecs_image_tag names an image pushed there (./build.ps1 -Task Container).

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
      # How long the ledger's status rows live (DynamoDbLedger writes expires_at; the tables' TTL removes them).
      LEDGER_RETENTION_DAYS = tostring(var.ledger_retention_days)
      # The root filesystem is read-only: the runtime's temporary files and PowerShell's caches go to the /tmp volume.
      TMPDIR          = local.writable_folder
      XDG_CACHE_HOME  = "${local.writable_folder}/.cache"
      XDG_DATA_HOME   = "${local.writable_folder}/.local/share"
      XDG_CONFIG_HOME = "${local.writable_folder}/.config"
    },
    try(local.ecs_scenario.ledger, false) ? {
      MESSAGE_STATUS_TABLE       = local.table_name[var.ecs_scenario].status
      MESSAGE_SIDE_EFFECTS_TABLE = local.table_name[var.ecs_scenario].side_effects
      # Named for every ledger scenario; used only with SIDE_EFFECT_LOG_FIELD or VERSIONING_ENABLED.
      EFFECT_LOG_TABLE      = local.table_name[var.ecs_scenario].effect_log
      ENTITY_VERSIONS_TABLE = local.table_name[var.ecs_scenario].entity_versions
    } : {},
  )

  # The one writable folder of the container (a task volume; the root filesystem is read-only).
  writable_folder = "/tmp"

  # The knobs that name a file the consumer writes: with a read-only root they must be in the writable folder.
  consumer_file_knobs = ["SIDE_EFFECT_LOG_PATH", "VERSION_STATE_PATH", "VERSION_LOG_PATH", "VERSION_SEEN_LOG_PATH"]
  misplaced_files = [
    for name in local.consumer_file_knobs : name
    if try(var.consumer_environment[name], "") != "" && !startswith(try(var.consumer_environment[name], ""), "${local.writable_folder}/")
  ]

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

# ---- Image and logs ---------------------------------------------------------------------------------------------------

resource "aws_ecr_repository" "consumer" {
  count = local.ecs_count

  name                 = local.consumer_name
  image_tag_mutability = "IMMUTABLE"
  # destroy removes the pushed images with the repository, unless deletion_protection keeps them
  force_delete = !var.deletion_protection

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

# Only untagged images expire. A rule that counts tagged images ("keep the last 5") cannot know which tag the task
# definition runs: five newer pushes that were never deployed expire the running image, and the next task start (a
# crash, a scale-out, a circuit-breaker rollback to the previous deployment's image) cannot pull it. Tags here are
# commits, immutable, pushed once per build (./build.ps1 -Task Container), so tagged images are few and kept; remove
# old ones by hand (aws ecr batch-delete-image) once no task definition revision you may roll back to names them.
# Untagged images (an interrupted push, a manifest whose tag was deleted) are no task's, and go after
# ecr_untagged_image_days.
resource "aws_ecr_lifecycle_policy" "consumer" {
  count = local.ecs_count

  repository = aws_ecr_repository.consumer[0].name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Expire untagged images ${var.ecr_untagged_image_days} days after their push; tagged images are kept"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = var.ecr_untagged_image_days
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

# The execution role's trust: ECS acting for this account.
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

# The task role's trust: ECS acting for this account's ECS resources in this region only (aws:SourceArn with
# aws:SourceAccount, the confused-deputy guard AWS documents for task roles).
data "aws_iam_policy_document" "ecs_task_role_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:ecs:${var.aws_region}:${data.aws_caller_identity.current.account_id}:*"]
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
  assume_role_policy = data.aws_iam_policy_document.ecs_task_role_assume.json
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

  # A task-level volume (Fargate: on the task's ephemeral storage, gone with the task) for the one writable folder.
  # Fargate creates it owned by root, mode 0755, unless the image declares the path a VOLUME, whose contents, owner and
  # mode it then copies: the image runs as the unprivileged app user, so the Dockerfile must declare VOLUME /tmp.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name      = "consumer"
    image     = "${aws_ecr_repository.consumer[0].repository_url}:${var.ecs_image_tag}"
    essential = true
    # Nothing the image holds can be changed at run time; what the runtime and the shell write goes to /tmp.
    readonlyRootFilesystem = true
    mountPoints = [{
      sourceVolume  = "tmp"
      containerPath = local.writable_folder
      readOnly      = false
    }]
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
    precondition {
      condition     = length(local.misplaced_files) == 0
      error_message = "The container's root filesystem is read-only: ${join(", ", local.misplaced_files)} in consumer_environment must name a file under ${local.writable_folder}/."
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

  # A deployment whose tasks keep failing to start (an image that cannot be pulled, a consumer that exits at once)
  # stops, and the service goes back to the last deployment that worked, instead of retrying the bad one forever.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets         = local.consumer_subnet_ids
    security_groups = [aws_security_group.consumer[0].id]
    # Private subnets reach AWS through the VPC endpoints; public ones through the internet gateway, with a public IP.
    assign_public_ip = local.ecs_public
  }

  # The endpoints must be there before a task in a private subnet pulls its image or writes a log line.
  depends_on = [aws_vpc_endpoint.interface, aws_vpc_endpoint.gateway, aws_route_table_association.private, aws_route_table_association.public]
}
