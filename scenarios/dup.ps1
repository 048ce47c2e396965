<#
.SYNOPSIS
A side effect slower than the visibility timeout: two consumers get the same message, the ledger lets only one effect through.

.DESCRIPTION
One message, two consumers started together, and a side effect that takes 30 s while the
visibility timeout is 10 s. The first consumer is still working when the message becomes
visible again, so the second one receives it too: SQS's at-least-once delivery in
action. Both mark the ledger's status row STARTED (the second takes it over), but the
side effect is a conditional put keyed by the message id, so only one of them performs
it. The first consumer's late delete uses a receipt handle that the second receive
superseded, so it may not delete. It passes when the queue and DLQ are empty, the
status row is COMPLETED after at least two attempts, and exactly one side effect exists.

.NOTES
Speed: Fast
Proves: DuplicateDelivery
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Your consumer's side effect takes
SIDE_EFFECT_DELAY_SECONDS; every write to the side-effects table counts (Get-DemoSideEffect -Writes), an
overwrite of the same key included, and a key written twice is told: by whom, after which receive. The status
row is checked when your consumer keeps MESSAGE_STATUS_TABLE; one that keeps none is judged by its writes.
#>
[CmdletBinding()]
param(
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $SideEffectDelaySeconds = 30,
    [int] $ConsumerCount = 2,
    # A safety net only: each consumer ends after its one message (-MessageLimit 1), so a long one costs nothing
    # and leaves room for a loaded machine to start the second consumer late.
    [double] $IdleTimeoutSeconds = 120,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name dup -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "$ConsumerCount consumers, a side effect slower than the visibility timeout"
$jobs = foreach ($i in 1..$ConsumerCount) {
    $environment | Start-DemoConsumer -AsJob -ConsumerId "consumer-$i" -MessageLimit 1 -IdleTimeoutSeconds $IdleTimeoutSeconds -SideEffectDelaySeconds $SideEffectDelaySeconds @consumerArgs
}
# Every consumer polls before the message exists, so the second receive comes when the first
# receive's visibility timeout ends, however long a loaded machine took to start the jobs.
$null = Wait-DemoJournal -Kind ConsumerStarted -Count $ConsumerCount -TimeoutSeconds 600
Write-DemoPhase 'sending one message'
$sent = $environment | Send-DemoMessage -Count 1
$null = $jobs | Wait-Job
$jobs | Remove-Job

Write-DemoPhase 'checking what happened'
$queue = $environment | Get-DemoQueue
$status = @($environment | Get-DemoMessageStatus -MessageId $sent.BodyId)
$effects = @($environment | Get-DemoSideEffect)
$writes = @($environment | Get-DemoSideEffect -Writes)
$receivers = @(Get-DemoJournal -Kind Received -MessageId $sent.MessageId | ForEach-Object Actor)
# The first receiver's delete comes after the second receive issued a newer handle.
$firstReceiver = $receivers[0]
$lateDeletes = @(Get-DemoJournal -Kind DeleteMayNotHaveDeleted -MessageId $sent.MessageId -Actor $firstReceiver)
$accounting = $environment | Get-DemoAccounting

$environment | New-DemoStandardCheck
New-DemoCheck 'delivered to more than one consumer' -Expected 2 -Actual $receivers.Count -Comparison AtLeast
# A consumer process keeps the status table only if it chooses to: one that keeps none is judged by its writes.
if (-not $Consumer -or $status.Count -gt 0) {
    New-DemoCheck 'status COMPLETED' -Expected 'COMPLETED' -Actual "$($status.Status)"
    New-DemoCheck 'attempts in the status row' -Expected 2 -Actual $status.Attempts -Comparison AtLeast
}
if ($Consumer) {
    # The table holds one row even after an overwrite: the writes say how often the external system acted.
    New-DemoCheck 'exactly one side effect' -Expected 1 -Actual $writes.Count
    $environment | New-DemoStandardCheck -Check SideEffectsOnce
}
else {
    New-DemoCheck 'exactly one side effect' -Expected 1 -Actual $effects.Count
}
New-DemoCheck "the first receiver's late delete used a superseded receipt handle" -Expected 1 -Actual $lateDeletes.Count
