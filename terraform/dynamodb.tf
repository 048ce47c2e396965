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
# All on demand, with point-in-time recovery, server-side encryption under the AWS managed key, and deletion protection
# by var.deletion_protection.
#
# Expiry. The status and results tables hold a row per message ever handled, so they would grow without bound: the
# module's ledger writes expires_at (epoch seconds) on every status and result row it writes, ledger_retention_days
# after the write (LEDGER_RETENTION_DAYS, 30 by default), and these two tables' TTL deletes rows past it. The retention
# outlives any message: a status row only has to answer for redeliveries of its message, which SQS keeps at most 14
# days in the queue and 14 in a FIFO dead-letter queue (variables.tf keeps ledger_retention_days at 28 or more). The
# side-effects, effect-log and entity-versions tables get no TTL: a side effect's business key can come again at any
# time, and the effect log and entity versions are the record that ordering and versioning are judged by (the
# entity's version must outlive every older version still in flight).

locals {
  # The kinds of table, once each: the name's suffix, the keys, and which scenarios get one (every ledger scenario, or
  # only those that also store results).
  table_kinds = [
    { suffix = "status", hash = "message_id", range = null, only_with_results = false, expires = true },
    { suffix = "side-effects", hash = "message_id", range = null, only_with_results = false, expires = false },
    { suffix = "effect-log", hash = "log", range = "sequence", only_with_results = false, expires = false },
    { suffix = "entity-versions", hash = "entity_id", range = null, only_with_results = false, expires = false },
    { suffix = "results", hash = "message_id", range = null, only_with_results = true, expires = true },
  ]

  # "<environment>/<suffix>" => the table to make.
  tables = merge([
    for kind in local.table_kinds : {
      for name in keys(kind.only_with_results ? local.results_scenarios : local.ledger_scenarios) :
      "${name}/${kind.suffix}" => { environment = name, suffix = kind.suffix, hash = kind.hash, range = kind.range, expires = kind.expires }
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

  # On the attribute DynamoDbLedger writes (LedgerRetention.Attribute); off, and said so (a missing block would leave
  # a TTL that was on as it was), where nothing writes it or with ledger_retention_days 0.
  ttl {
    enabled        = each.value.expires && var.ledger_retention_days > 0
    attribute_name = each.value.expires && var.ledger_retention_days > 0 ? "expires_at" : ""
  }

  # Off by default: a demo's tables, which `terraform destroy` should remove. On, a table cannot be deleted (by
  # destroy or anyone) until it is turned off again.
  deletion_protection_enabled = var.deletion_protection

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
