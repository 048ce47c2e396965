# The ECS consumer's network (enable_ecs_consumer), one of two by var.ecs_network:
#
# "private" (the default): two private subnets with no route to the internet. The tasks reach AWS through VPC
# endpoints: interface endpoints for SQS, ECR (api: the login token and manifests; dkr: the registry) and CloudWatch
# Logs, and gateway endpoints for DynamoDB and S3 (ECR keeps image layers in S3). Their security group sends HTTPS only
# to the interface endpoints' security group and to the gateway endpoints' prefix lists: a compromised task has no
# path to the internet. The price: each interface endpoint costs per hour and AZ (README, What it costs).
#
# "public": two public subnets and an internet gateway, the tasks with a public IP, HTTPS out to anywhere; no endpoint
# is made. Cheaper for a short demo; the traffic to AWS leaves the VPC.
#
# Either way the VPC's default security group is emptied, and VPC flow logs can be sent to CloudWatch Logs
# (enable_flow_logs).

locals {
  ecs_private = local.ecs_enabled && var.ecs_network == "private"
  ecs_public  = local.ecs_enabled && var.ecs_network == "public"

  # Two /24s of the VPC's range, one per availability zone.
  subnet_cidrs = [for i in range(2) : cidrsubnet(var.vpc_cidr, 24 - tonumber(split("/", var.vpc_cidr)[1]), i)]

  # The interface endpoints the consumer needs without an internet route, by a short key.
  interface_endpoints = local.ecs_private ? {
    sqs     = "com.amazonaws.${var.aws_region}.sqs"
    ecr-api = "com.amazonaws.${var.aws_region}.ecr.api"
    ecr-dkr = "com.amazonaws.${var.aws_region}.ecr.dkr"
    logs    = "com.amazonaws.${var.aws_region}.logs"
  } : {}

  # The gateway endpoints: routes in the private route table, free of charge.
  gateway_endpoints = local.ecs_private ? {
    dynamodb = "com.amazonaws.${var.aws_region}.dynamodb"
    s3       = "com.amazonaws.${var.aws_region}.s3"
  } : {}

  # The subnets the tasks run in.
  consumer_subnet_ids = local.ecs_private ? aws_subnet.private[*].id : aws_subnet.public[*].id
}

resource "aws_vpc" "consumer" {
  count = local.ecs_count

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true # the interface endpoints' private DNS names need both

  tags = { Name = local.consumer_name }
}

# The VPC's default security group, emptied: nothing uses it, and it should allow nothing.
resource "aws_default_security_group" "consumer" {
  count = local.ecs_count

  vpc_id = aws_vpc.consumer[0].id

  tags = { Name = "${local.consumer_name}-default-unused" }
}

# ---- Private: subnets without an internet route, and the endpoints -----------------------------------------------------

resource "aws_subnet" "private" {
  count = local.ecs_private ? 2 : 0

  vpc_id                  = aws_vpc.consumer[0].id
  availability_zone       = data.aws_availability_zones.available[0].names[count.index]
  cidr_block              = local.subnet_cidrs[count.index]
  map_public_ip_on_launch = false

  tags = { Name = "${local.consumer_name}-private-${count.index}" }
}

# No route to 0.0.0.0/0: only the VPC's own range and the gateway endpoints' routes.
resource "aws_route_table" "private" {
  count = local.ecs_private ? 1 : 0

  vpc_id = aws_vpc.consumer[0].id

  tags = { Name = "${local.consumer_name}-private" }
}

resource "aws_route_table_association" "private" {
  count = local.ecs_private ? 2 : 0

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[0].id
}

resource "aws_vpc_endpoint" "gateway" {
  for_each = local.gateway_endpoints

  vpc_id            = aws_vpc.consumer[0].id
  service_name      = each.value
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private[0].id]

  tags = { Name = "${local.consumer_name}-${each.key}" }
}

# The interface endpoints take HTTPS from the consumer's subnets and nothing else.
resource "aws_security_group" "endpoints" {
  count = local.ecs_private ? 1 : 0

  name        = "${local.consumer_name}-endpoints"
  description = "SqsDemo consumer VPC endpoints: HTTPS in from the consumer subnets; nothing out"
  vpc_id      = aws_vpc.consumer[0].id

  ingress {
    description = "HTTPS from the consumer subnets"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = aws_subnet.private[*].cidr_block
  }

  tags = { Name = "${local.consumer_name}-endpoints" }
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.interface_endpoints

  vpc_id              = aws_vpc.consumer[0].id
  service_name        = each.value
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = true # the SDKs' usual host names resolve to the endpoint

  tags = { Name = "${local.consumer_name}-${each.key}" }
}

# ---- Public: subnets routed to an internet gateway ---------------------------------------------------------------------

resource "aws_internet_gateway" "consumer" {
  count = local.ecs_public ? 1 : 0

  vpc_id = aws_vpc.consumer[0].id

  tags = { Name = local.consumer_name }
}

resource "aws_subnet" "public" {
  count = local.ecs_public ? 2 : 0

  vpc_id            = aws_vpc.consumer[0].id
  availability_zone = data.aws_availability_zones.available[0].names[count.index]
  cidr_block        = local.subnet_cidrs[count.index]
  # Tasks ask for a public IP themselves (assign_public_ip); nothing else is launched here.
  map_public_ip_on_launch = false

  tags = { Name = "${local.consumer_name}-public-${count.index}" }
}

resource "aws_route_table" "public" {
  count = local.ecs_public ? 1 : 0

  vpc_id = aws_vpc.consumer[0].id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.consumer[0].id
  }

  tags = { Name = "${local.consumer_name}-public" }
}

resource "aws_route_table_association" "public" {
  count = local.ecs_public ? 2 : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

# ---- The tasks' security group -----------------------------------------------------------------------------------------

# Nothing in. Out: HTTPS only, to the endpoints when private, to the AWS APIs' public addresses when public.
resource "aws_security_group" "consumer" {
  count = local.ecs_count

  name        = local.consumer_name
  description = "SqsDemo consumer tasks: nothing in; HTTPS out to the AWS APIs (SQS, DynamoDB, ECR, CloudWatch Logs)"
  vpc_id      = aws_vpc.consumer[0].id

  dynamic "egress" {
    for_each = local.ecs_private ? [1] : []
    content {
      description     = "HTTPS to the interface endpoints (SQS, ECR, CloudWatch Logs)"
      from_port       = 443
      to_port         = 443
      protocol        = "tcp"
      security_groups = [aws_security_group.endpoints[0].id]
    }
  }

  dynamic "egress" {
    for_each = local.ecs_private ? [1] : []
    content {
      description     = "HTTPS to the gateway endpoints (DynamoDB; S3, where ECR keeps image layers)"
      from_port       = 443
      to_port         = 443
      protocol        = "tcp"
      prefix_list_ids = [for key in sort(keys(local.gateway_endpoints)) : aws_vpc_endpoint.gateway[key].prefix_list_id]
    }
  }

  dynamic "egress" {
    for_each = local.ecs_public ? [1] : []
    content {
      description = "HTTPS to the public endpoints of the AWS APIs"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  tags = { Name = local.consumer_name }
}

# ---- Flow logs (enable_flow_logs) --------------------------------------------------------------------------------------

locals {
  flow_log_count = local.ecs_enabled && var.enable_flow_logs ? 1 : 0
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = local.flow_log_count

  name              = "/vpc/${local.consumer_name}/flow-logs"
  retention_in_days = var.log_retention_days
}

# Only the VPC Flow Logs service, acting for this account's flow logs in this region, may assume the role.
data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:ec2:${var.aws_region}:${data.aws_caller_identity.current.account_id}:vpc-flow-log/*"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  count = local.flow_log_count

  name               = "${local.consumer_name}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json
}

# The log streams of that one log group (the group itself is made here, so the service need not create it).
data "aws_iam_policy_document" "flow_logs" {
  count = local.flow_log_count

  statement {
    sid       = "WriteTheFlowLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow_logs[0].arn}:*"]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  count = local.flow_log_count

  name   = "write-flow-logs"
  role   = aws_iam_role.flow_logs[0].id
  policy = data.aws_iam_policy_document.flow_logs[0].json
}

resource "aws_flow_log" "consumer" {
  count = local.flow_log_count

  vpc_id                   = aws_vpc.consumer[0].id
  traffic_type             = var.flow_log_traffic_type
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn             = aws_iam_role.flow_logs[0].arn
  max_aggregation_interval = 60

  tags = { Name = local.consumer_name }
}
