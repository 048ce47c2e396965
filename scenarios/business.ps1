<#
.SYNOPSIS
Two different messages for the same order: deduplicating on the business key lets one payment through.

.DESCRIPTION
Message-id idempotency cannot see that two messages with different ids mean the same
thing, for example the same order submitted twice. The consumer keys its side effect
by the body's order_id (biz:order_id:<order_id>) instead, so the second message finds
the effect already done. It passes when exactly one side effect exists, keyed by the
order, both messages have COMPLETED status rows, and the queue and DLQ are empty.

.NOTES
Speed: Fast
Proves: SideEffectIdempotency
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Your consumer gets the field as
BUSINESS_IDEMPOTENCY_FIELD; every write to the side-effects table counts (Get-DemoSideEffect -Writes), an
overwrite of the same key included. The status rows are checked when your consumer keeps MESSAGE_STATUS_TABLE.
#>
[CmdletBinding()]
param(
    [string] $OrderId = 'order-1001',
    [string] $BusinessIdempotencyField = 'order_id',
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name business -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending two messages for order $OrderId"
$bodies = foreach ($i in 1, 2) { '{"id":"business-' + $i + '","' + $BusinessIdempotencyField + '":"' + $OrderId + '","work":' + $i + '}' }
$sent = @($bodies | Send-DemoMessage -QueueUrl $environment.QueueUrl)
Write-DemoPhase "one consumer keys its side effect by $BusinessIdempotencyField"
$null = $environment | Start-DemoConsumer -ConsumerId consumer-1 -BusinessIdempotencyField $BusinessIdempotencyField -MessageLimit 2 -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs

Write-DemoPhase 'checking what happened'
$queue = $environment | Get-DemoQueue
$effects = @($environment | Get-DemoSideEffect)
$writes = @($environment | Get-DemoSideEffect -Writes)
$completed = @($environment | Get-DemoMessageStatus -Status COMPLETED)
$accounting = $environment | Get-DemoAccounting

$distinctIds = @{}
$sent | ForEach-Object { if ($_.BodyId) { $distinctIds[$_.BodyId] = $true } }
New-DemoCheck 'two distinct message ids sent' -Expected 2 -Actual $distinctIds.Count
# The table holds one row even after an overwrite: for a consumer process the writes say how often the external system acted.
New-DemoCheck 'exactly one side effect' -Expected 1 -Actual $(if ($Consumer) { $writes.Count } else { $effects.Count })
New-DemoCheck 'the side effect is keyed by the business key' -Expected "biz:$($BusinessIdempotencyField):$OrderId" -Actual $effects[0].Key
# A consumer process keeps the status table only if it chooses to: one that keeps none is judged by its writes.
if (-not $Consumer -or @($environment | Get-DemoMessageStatus).Count -gt 0) {
    New-DemoCheck 'both status rows COMPLETED' -Expected @($sent | ForEach-Object BodyId) -Actual @($completed | ForEach-Object MessageId) -Comparison SameSet
}
$environment | New-DemoStandardCheck
if ($Consumer) { $environment | New-DemoStandardCheck -Check SideEffectsOnce }
