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
#>
[CmdletBinding()]
param(
    [string] $OrderId = 'order-1001',
    [string] $BusinessIdempotencyField = 'order_id',
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30
)

$environment = New-DemoEnvironment -Name business -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending two messages for order $OrderId"
$bodies = foreach ($i in 1, 2) { '{"id":"business-' + $i + '","' + $BusinessIdempotencyField + '":"' + $OrderId + '","work":' + $i + '}' }
$sent = @($bodies | Send-DemoMessage -QueueUrl $environment.QueueUrl)
Write-DemoPhase "one consumer keys its side effect by $BusinessIdempotencyField"
$null = $environment | Start-DemoConsumer -ConsumerId consumer-1 -BusinessIdempotencyField $BusinessIdempotencyField -MessageLimit 2 -IdleTimeoutSeconds $IdleTimeoutSeconds

Write-DemoPhase 'checking what happened'
$queue = $environment | Get-DemoQueue
$effects = @($environment | Get-DemoSideEffect)
$completed = @($environment | Get-DemoMessageStatus -Status COMPLETED)
$accounting = $environment | Get-DemoAccounting

$distinctIds = @{}
$sent | ForEach-Object { if ($_.BodyId) { $distinctIds[$_.BodyId] = $true } }
New-DemoCheck 'two distinct message ids sent' -Expected 2 -Actual $distinctIds.Count
New-DemoCheck 'exactly one side effect' -Expected 1 -Actual $effects.Count
New-DemoCheck 'the side effect is keyed by the business key' -Expected "biz:$($BusinessIdempotencyField):$OrderId" -Actual $effects[0].Key
New-DemoCheck 'both status rows COMPLETED' -Expected @($sent | ForEach-Object BodyId) -Actual @($completed | ForEach-Object MessageId) -Comparison SameSet
$environment | New-DemoStandardCheck
