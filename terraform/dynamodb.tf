# The ledger's tables, keyed exactly as the module's DynamoDB ledger keys its own
# (src/SqsDemo.Engine/Ledger/Aws/DynamoDbLedger.cs):
#   status         hash message_id (S)
#   side effects   hash effect_key (S)
#   effect log     hash log (S) + range sequence (N); entries in partition "log", the sequence counter is the item
#                  log = "counter", sequence = 0
#   entity versions hash entity_id (S)
#   results        hash message_id (S)
# All on demand, with point-in-time recovery, server-side encryption under the AWS managed key, and a TTL attribute
# (expires_at; the module writes none, so nothing expires unless you set it).

locals {
  tables = merge(
    { for name, s in local.ledger_scenarios : "${name}/status" => { environment = name, suffix = "status", hash = "message_id", range = null } },
    { for name, s in local.ledger_scenarios : "${name}/side-effects" => { environment = name, suffix = "side-effects", hash = "effect_key", range = null } },
    { for name, s in local.ledger_scenarios : "${name}/effect-log" => { environment = name, suffix = "effect-log", hash = "log", range = "sequence" } },
    { for name, s in local.ledger_scenarios : "${name}/entity-versions" => { environment = name, suffix = "entity-versions", hash = "entity_id", range = null } },
    { for name, s in local.results_scenarios : "${name}/results" => { environment = name, suffix = "results", hash = "message_id", range = null } },
  )
}

resource "aws_dynamodb_table" "ledger" {
  for_each = local.tables

  name         = "${local.table_prefix}${each.value.environment}-${each.value.suffix}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = each.value.hash
  range_key    = each.value.range

  attribute {
    name = each.value.hash
    type = "S"
  }

  dynamic "attribute" {
    for_each = each.value.range == null ? [] : [each.value.range]
    content {
      name = attribute.value
      type = "N"
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  # A demo's tables: `terraform destroy` must be able to remove them.
  deletion_protection_enabled = false

  tags = { Environment = each.value.environment, Table = each.value.suffix }

  depends_on = [terraform_data.scenario_selection]
}

locals {
  # Each scenario's table names (null where it has none), as the output and the consumer's role want them.
  table_name = {
    for name, s in local.scenarios : name => {
      status          = s.ledger ? aws_dynamodb_table.ledger["${name}/status"].name : null
      side_effects    = s.ledger ? aws_dynamodb_table.ledger["${name}/side-effects"].name : null
      effect_log      = s.ledger ? aws_dynamodb_table.ledger["${name}/effect-log"].name : null
      entity_versions = s.ledger ? aws_dynamodb_table.ledger["${name}/entity-versions"].name : null
      results         = s.results ? aws_dynamodb_table.ledger["${name}/results"].name : null
    }
  }
}
