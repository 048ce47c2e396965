variable "aws_region" {
  description = "The region every resource is made in; `terraform output aws_region` hands it to Connect-DemoBackend -TerraformOutput."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", var.aws_region))
    error_message = "aws_region must be a region code such as eu-west-1 or us-east-1."
  }
}

variable "project_name" {
  description = "Prefix of every name (queues, tables, roles, the ECR repository): <project_name>-<environment>. Lower-case letters, digits and hyphens."
  type        = string
  default     = "sqsdemo"

  validation {
    # 32 at most: the longest queue name, <project_name>-order-pipeline-notifications-dlq, must stay within SQS's 80 characters,
    # and the consumer's role names within IAM's 64.
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.project_name))
    error_message = "project_name must be 2 to 32 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout of a scenario's queue where terraform/scenarios.json gives none of its own (the catalog's default is 10). Each run sets the value its scenario asks for."
  type        = number
  default     = 10

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number of seconds from 0 to 43200 (12 hours)."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-poll wait (ReceiveMessageWaitTimeSeconds) of a scenario's queue where terraform/scenarios.json gives none of its own (the catalog's default is 10)."
  type        = number
  default     = 10

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20 && floor(var.receive_wait_time_seconds) == var.receive_wait_time_seconds
    error_message = "receive_wait_time_seconds must be a whole number of seconds from 0 to 20."
  }
}

variable "max_receive_count" {
  description = "Receives before a message moves to the dead-letter queue (the redrive policy's maxReceiveCount) where terraform/scenarios.json gives none of its own (the catalog's default is 2)."
  type        = number
  default     = 2

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "message_retention_seconds" {
  description = "How long a scenario's queue keeps a message (MessageRetentionPeriod); SQS's default, 4 days. The dead-letter queues keep theirs 14 days, SQS's maximum, whatever this is (sqs.tf says why)."
  type        = number
  default     = 345600

  validation {
    # Below the DLQs' 14 days, so that a message reaching a DLQ has time left there (it keeps its enqueue timestamp).
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds < 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number of seconds from 60 (1 minute) to 1209599, below the dead-letter queues' 1209600 (14 days)."
  }
}

variable "scenarios" {
  description = "Which environments of terraform/scenarios.json to create, by name (e.g. [\"poison\", \"dup-side-effects\"]); empty (the default) creates all of them. A name the map lacks stops the plan."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for name in var.scenarios : can(regex("^[a-z0-9][a-z0-9-]*$", name))]) && length(distinct(var.scenarios)) == length(var.scenarios)
    error_message = "scenarios must be distinct environment names (lower-case letters, digits, hyphens), as the keys of terraform/scenarios.json."
  }
}

variable "deletion_protection" {
  description = "Protect what holds data from deletion: the ledger's tables get DynamoDB deletion protection (no one, `terraform destroy` included, can delete them until it is turned off), and the consumer's ECR repository keeps its images on destroy (no force_delete). Off by default: a demo's resources should go with `terraform destroy`."
  type        = bool
  default     = false
  nullable    = false
}

variable "ledger_retention_days" {
  description = "Days the ledger's status and results rows live: the module's ledger writes expires_at that far ahead on each (LEDGER_RETENTION_DAYS, 30 days unless set) and those tables' TTL deletes them after it. 0: no expiry written and TTL off, so the tables grow without bound. Otherwise at least 28, longer than a message lives in SQS (under 14 days in its queue, and up to 14 more in a FIFO dead-letter queue), so that no redelivery can outlive its status row."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = floor(var.ledger_retention_days) == var.ledger_retention_days && (var.ledger_retention_days == 0 || (var.ledger_retention_days >= 28 && var.ledger_retention_days <= 3650))
    error_message = "ledger_retention_days must be 0 (no expiry) or a whole number of days from 28 (longer than any message lives in a queue and its DLQ) to 3650."
  }
}

# ---- The optional consumer on ECS Fargate ---------------------------------------------------------------------------

variable "enable_ecs_consumer" {
  description = "Run Start-DemoConsumer -FromEnvironmentVariables as an ECS Fargate service on one scenario's queue: adds a VPC (private subnets with VPC endpoints, or public ones: ecs_network), an ECR repository, a log group, a cluster, the roles, and (once ecs_image_tag is set) the task definition and the service. Costs money per hour while it runs."
  type        = bool
  default     = false
}

variable "ecs_scenario" {
  description = "The environment (a key of terraform/scenarios.json, among those created) whose queue and ledger tables the ECS consumer uses."
  type        = string
  default     = "dup-side-effects"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*$", var.ecs_scenario))
    error_message = "ecs_scenario must be an environment name (lower-case letters, digits, hyphens)."
  }
}

variable "ecs_image_tag" {
  description = "Tag of the consumer image in the ECR repository (what ./build.ps1 -Task Container pushed and printed). Empty (the default): no task definition or service yet, so the first apply can make the repository to push to."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.ecs_image_tag == "" || can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.ecs_image_tag))
    error_message = "ecs_image_tag must be a Docker tag: up to 128 letters, digits, underscores, periods and hyphens, not starting with a period or hyphen."
  }
}

variable "ecs_desired_count" {
  description = "How many consumer tasks the service keeps running (each one a consumer; 0 stops them and their cost)."
  type        = number
  default     = 1

  validation {
    condition     = var.ecs_desired_count >= 0 && var.ecs_desired_count <= 10 && floor(var.ecs_desired_count) == var.ecs_desired_count
    error_message = "ecs_desired_count must be a whole number from 0 to 10."
  }
}

variable "ecs_cpu" {
  description = "CPU units of a consumer task (Fargate: 256, 512, 1024, 2048 or 4096)."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.ecs_cpu)
    error_message = "ecs_cpu must be one of Fargate's 256, 512, 1024, 2048, 4096."
  }
}

variable "ecs_memory" {
  description = "Memory (MiB) of a consumer task; Fargate allows 512-2048 at 256 CPU, 1024-4096 at 512, 2048-8192 at 1024, 4096-16384 at 2048, 8192-30720 at 4096, in steps of 1024 (and 512)."
  type        = number
  default     = 512

  validation {
    condition     = var.ecs_memory == 512 || (var.ecs_memory >= 1024 && var.ecs_memory <= 30720 && var.ecs_memory % 1024 == 0)
    error_message = "ecs_memory must be 512 or a multiple of 1024 up to 30720 MiB."
  }
}

variable "consumer_environment" {
  description = "The consumer's knobs, by the seeds' environment variable names (Start-DemoConsumer -FromEnvironmentVariables reads them; see its help). QUEUE_URL and the ledger's table names come from ecs_scenario and cannot be set here."
  type        = map(string)
  default = {
    WAIT_TIME_SECONDS    = "20"
    IDLE_TIMEOUT_SECONDS = "0"
    LOG_LEVEL            = "INFO"
  }
  nullable = false

  validation {
    # The seeds' variables of SqsDemo.Engine.Work.ConsumerOptionTable (what -FromEnvironmentVariables reads), less the three Terraform fills in
    # (a test keeps this list equal to the table's).
    condition = alltrue([for name in keys(var.consumer_environment) : contains([
      "WAIT_TIME_SECONDS", "MAX_MESSAGES", "SLEEP_MIN_SECONDS", "SLEEP_MAX_SECONDS", "LONG_SLEEP_SECONDS", "LONG_SLEEP_EVERY",
      "CRASH_RATE", "CRASH_AFTER_RECEIVE", "CRASH_AFTER_SIDE_EFFECT", "IDEMPOTENCY_CACHE_SIZE", "MESSAGE_LIMIT",
      "IDLE_TIMEOUT_SECONDS", "REJECT_PAYLOAD_MARKER", "SIDE_EFFECT_DELAY_SECONDS", "BUSINESS_IDEMPOTENCY_FIELD",
      "LOG_LEVEL", "HEARTBEAT_SECONDS", "STALE_AFTER_SECONDS", "BACKOFF_BASE_SECONDS", "BACKOFF_MAX_SECONDS",
      "SIDE_EFFECT_LOG_PATH", "SIDE_EFFECT_LOG_FIELD", "VERSIONING_ENABLED", "VERSION_STATE_PATH", "VERSION_LOG_PATH",
      "VERSION_SEEN_LOG_PATH", "VERSION_KEY", "ENTITY_KEY",
    ], name)])
    error_message = "consumer_environment takes only the consumer's knobs (WAIT_TIME_SECONDS, MAX_MESSAGES, CRASH_RATE, IDLE_TIMEOUT_SECONDS, LOG_LEVEL, ...); QUEUE_URL, MESSAGE_STATUS_TABLE, MESSAGE_SIDE_EFFECTS_TABLE, EFFECT_LOG_TABLE and ENTITY_VERSIONS_TABLE come from ecs_scenario."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the consumer's output."
  type        = number
  default     = 7

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "vpc_cidr" {
  description = "Address range of the consumer's VPC (two /24 subnets, private or public by ecs_network, are cut from it)."
  type        = string
  default     = "10.42.0.0/16"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+/(1[6-9]|2[0-2])$", var.vpc_cidr)) && can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be an IPv4 CIDR block from /16 to /22."
  }
}

variable "ecs_network" {
  description = "Where the consumer's tasks run: \"private\" (the default) in private subnets without an internet route, reaching SQS, ECR and CloudWatch Logs through interface VPC endpoints and DynamoDB and S3 through gateway endpoints, their HTTPS egress allowed to those only; or \"public\" in public subnets with a public IP and an internet gateway, HTTPS out to anywhere (cheaper: the interface endpoints cost per hour and AZ)."
  type        = string
  default     = "private"
  nullable    = false

  validation {
    condition     = contains(["private", "public"], var.ecs_network)
    error_message = "ecs_network must be \"private\" (VPC endpoints, no internet route) or \"public\" (public subnets with public IPs)."
  }
}

variable "enable_flow_logs" {
  description = "Record the consumer VPC's traffic (VPC flow logs) in a CloudWatch log group, /vpc/<project_name>-consumer/flow-logs, kept log_retention_days, written through a role only the flow logs service may assume. Off by default (CloudWatch Logs charges per GB ingested)."
  type        = bool
  default     = false
  nullable    = false
}

variable "flow_log_traffic_type" {
  description = "Which traffic the flow logs record (with enable_flow_logs): ALL, ACCEPT or REJECT (only refused connections: the cheapest, and what shows a task trying to go where its security group does not let it)."
  type        = string
  default     = "ALL"
  nullable    = false

  validation {
    condition     = contains(["ALL", "ACCEPT", "REJECT"], var.flow_log_traffic_type)
    error_message = "flow_log_traffic_type must be ALL, ACCEPT or REJECT."
  }
}

variable "ecr_untagged_image_days" {
  description = "Days after its push that an untagged image expires from the consumer's ECR repository. Tagged images never expire: the lifecycle policy cannot know which tag a task definition runs (ecs.tf says why)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.ecr_untagged_image_days >= 1 && var.ecr_untagged_image_days <= 3650 && floor(var.ecr_untagged_image_days) == var.ecr_untagged_image_days
    error_message = "ecr_untagged_image_days must be a whole number of days from 1 to 3650."
  }
}

# ---- CloudWatch alarms on the queues (alarms.tf) --------------------------------------------------------------------

variable "alarm_depth_threshold" {
  description = "A scenario queue's depth alarm fires when its ApproximateNumberOfMessagesVisible (Maximum) stays above this for alarm_evaluation_periods periods."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.alarm_depth_threshold >= 0
    error_message = "alarm_depth_threshold must be a number of messages, 0 or more."
  }
}

variable "alarm_age_threshold_seconds" {
  description = "A scenario queue's age alarm fires when its ApproximateAgeOfOldestMessage (Maximum) stays above this many seconds for alarm_evaluation_periods periods."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.alarm_age_threshold_seconds >= 0 && var.alarm_age_threshold_seconds <= 1209600
    error_message = "alarm_age_threshold_seconds must be from 0 to 1209600 seconds (14 days, the longest a message lives)."
  }
}

variable "alarm_dead_letter_threshold" {
  description = "A dead-letter queue's alarm fires when its ApproximateNumberOfMessagesVisible (Maximum) is above this in one period; 0, the default, fires on the first dead letter."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.alarm_dead_letter_threshold >= 0 && floor(var.alarm_dead_letter_threshold) == var.alarm_dead_letter_threshold
    error_message = "alarm_dead_letter_threshold must be a whole number of messages, 0 or more."
  }
}

variable "alarm_period_seconds" {
  description = "The alarms' period. SQS reports its metrics once a minute, so a whole number of minutes: 60 to 86400 seconds."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds <= 86400 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be a multiple of 60 from 60 to 86400 (SQS reports once a minute)."
  }
}

variable "alarm_evaluation_periods" {
  description = "How many periods in a row the depth and age alarms must breach to fire (the dead-letter alarm fires on one)."
  type        = number
  default     = 2
  nullable    = false

  validation {
    # CloudWatch takes at most a day of periods: 1440 one-minute ones (a longer period takes fewer; AWS says so at apply).
    condition     = var.alarm_evaluation_periods >= 1 && var.alarm_evaluation_periods <= 1440 && floor(var.alarm_evaluation_periods) == var.alarm_evaluation_periods
    error_message = "alarm_evaluation_periods must be a whole number from 1 to 1440 (CloudWatch evaluates at most a day of periods)."
  }
}

variable "enable_alarm_topic" {
  description = "Make an SNS topic, <project_name>-alarms (encrypted with the AWS managed key), that every alarm notifies on ALARM and OK. Off by default: the alarms are made without actions."
  type        = bool
  default     = false
  nullable    = false
}
