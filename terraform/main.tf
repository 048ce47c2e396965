# What each scenario needs comes from one file, scenarios.json, which the tests read too: every environment a
# scenario script creates must be there, with its fifo and ledger as the script asks (tests/SqsDemo.Tests/Terraform).

locals {
  catalog = jsondecode(file("${path.module}/scenarios.json"))

  # Every entry with every field, the variables filling in what scenarios.json leaves to them.
  all_scenarios = {
    for name, s in local.catalog.scenarios : name => {
      fifo                        = s.fifo
      content_based_deduplication = try(s.content_based_deduplication, false)
      ledger                      = s.ledger
      results                     = s.results
      visibility_timeout          = try(s.visibility_timeout, var.visibility_timeout_seconds)
      receive_wait_time           = try(s.receive_wait_time, var.receive_wait_time_seconds)
      max_receive_count           = try(s.max_receive_count, var.max_receive_count)
      # null: a dead-letter queue of its own; else the key of a shared one
      shared_dlq = try(s.dead_letter_queue, null)
    }
  }

  unknown_scenarios = [for name in var.scenarios : name if !contains(keys(local.all_scenarios), name)]

  # The environments to create: all of them, or those var.scenarios names.
  scenarios = {
    for name, s in local.all_scenarios : name => s
    if length(var.scenarios) == 0 || contains(var.scenarios, name)
  }

  own_dlq_scenarios = { for name, s in local.scenarios : name => s if s.shared_dlq == null }

  # A shared dead-letter queue is made when a scenario that uses it is.
  shared_dlqs = {
    for key, q in local.catalog.shared_dead_letter_queues : key => {
      fifo    = q.fifo
      sources = sort([for name, s in local.scenarios : name if s.shared_dlq == key])
    }
    if length([for name, s in local.scenarios : name if s.shared_dlq == key]) > 0
  }

  ledger_scenarios  = { for name, s in local.scenarios : name => s if s.ledger }
  results_scenarios = { for name, s in local.scenarios : name => s if s.results }

  # Names: <project>-<environment>, a FIFO queue's with .fifo (SQS requires it); tables as the module names its own
  # (SqsDemo.Engine.Ledger.LedgerTables.For: <environment>-status, -side-effects, -effect-log, -entity-versions, -results).
  queue_name   = { for name, s in local.scenarios : name => "${var.project_name}-${name}${s.fifo ? ".fifo" : ""}" }
  table_prefix = "${var.project_name}-"

  # Each scenario's dead-letter queue, its own or the shared one.
  dlq = {
    for name, s in local.scenarios : name => (
      s.shared_dlq == null
      ? { url = aws_sqs_queue.dlq[name].url, arn = aws_sqs_queue.dlq[name].arn }
      : { url = aws_sqs_queue.shared_dlq[s.shared_dlq].url, arn = aws_sqs_queue.shared_dlq[s.shared_dlq].arn }
    )
  }
}

# Stops the plan on a name var.scenarios asks for that scenarios.json lacks, or a shared DLQ of the wrong type, before
# anything is made (a variable's own validation cannot read the file on Terraform 1.5).
resource "terraform_data" "scenario_selection" {
  input = sort(keys(local.scenarios))

  lifecycle {
    precondition {
      condition     = length(local.unknown_scenarios) == 0
      error_message = "var.scenarios names environments that terraform/scenarios.json lacks: ${join(", ", local.unknown_scenarios)}. Known: ${join(", ", sort(keys(local.all_scenarios)))}."
    }
    precondition {
      condition     = alltrue([for name, s in local.scenarios : s.shared_dlq == null || try(local.catalog.shared_dead_letter_queues[s.shared_dlq].fifo == s.fifo, false)])
      error_message = "A scenario names a shared dead-letter queue that scenarios.json lacks, or one of the other type (SQS wants a FIFO queue's DLQ FIFO, a standard queue's standard)."
    }
    precondition {
      condition     = !var.enable_ecs_consumer || contains(keys(local.scenarios), var.ecs_scenario)
      error_message = "ecs_scenario '${var.ecs_scenario}' is not among the environments created: ${join(", ", sort(keys(local.scenarios)))}."
    }
  }
}
