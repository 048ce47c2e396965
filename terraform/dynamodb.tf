# The ledger's tables, keyed exactly as the module's DynamoDB ledger keys its own
# (src/SqsDemo.Engine/Ledger/Aws/DynamoDbLedger.cs):
#   status         hash message_id (S)
#   side effects   hash message_id (S), holding the side effect's key (the message id, or biz:<field>:<value>)
#   effect log     hash log (S) + range sequence (N); entries in partition "log", the sequence counter is the item
#                  log = "counter", sequence = 0
#   entity versions hash entity_id (S)
#   results        hash message_id (S)
# Status and side effects are keyed as the seeds' consumer keys them, so that it and the module's consumer can share
# one pair of tables.
# All on demand, with point-in-time recovery, server-side encryption under the AWS managed key, and a TTL attribute
# (expires_at; the module writes none, so nothing expires unless you set it).

locals {
  # The kinds of table, once each: the name's suffix, the keys, and which scenarios get one (every ledger scenario, or
  # only those that also store results).
  table_kinds = [
    { suffix = "status", hash = "message_id", range = null, only_with_results = false },
    { suffix = "side-effects", hash = "message_id", range = null, only_with_results = false },
    { suffix = "effect-log", hash = "log", range = "sequence", only_with_results = false },
    { suffix = "entity-versions", hash = "entity_id", range = null, only_with_results = false },
    { suffix = "results", hash = "message_id", range = null, only_with_results = true },
  ]

  # "<environment>/<suffix>" => the table to make.
  tables = merge([
    for kind in local.table_kinds : {
      for name in keys(kind.only_with_results ? local.results_scenarios : local.ledger_scenarios) :
      "${name}/${kind.suffix}" => { environment = name, suffix = kind.suffix, hash = kind.hash, range = kind.range }
    }
  ]...)
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
