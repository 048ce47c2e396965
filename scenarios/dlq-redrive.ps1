<#
.SYNOPSIS
Poison messages wait in the DLQ until the bug is fixed; a redrive sends them back and each takes effect exactly once.

.DESCRIPTION
Ten messages, three of them poison, on a queue with the ledger. A consumer with the bug
rejects the poison ones; after maxReceiveCount (2) receives, SQS moves them to the
dead-letter queue. Then the fix: the DLQ is redriven to the source queue (a message move
task, StartMessageMoveTask, where the backend has it; a receive-send-delete move where
it does not, such as moto), and a fixed consumer that no longer rejects them runs. It
passes when exactly the poison messages reached the DLQ, the redrive completed having
moved them all, each redriven message was processed exactly once, every message took
effect exactly once in the ledger, and the queue and the DLQ are empty.

.NOTES
Speed: Fast
Proves: PoisonHandling
Judges your consumer: not yet. Its "processed exactly once" counts come from the Processed events only SqsDemo's
consumer journals; a consumer process's deletes and side-effect writes could answer them instead.
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 10,
    [int] $PoisonCount = 3,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    # 0: as fast as the backend moves them.
    [int] $MaxMessagesPerSecond = 0
)

$environment = New-DemoEnvironment -Name dlq-redrive -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages, $PoisonCount of them poison"
$sent = @($environment | Send-DemoMessage -Count $MessageCount -PoisonCount $PoisonCount)
$poisonIds = @($sent | Where-Object Poison | ForEach-Object BodyId)

Write-DemoPhase 'the buggy consumer rejects the poison into the DLQ'
# The bug: the consumer rejects the poison messages until the redrive policy dead-letters them.
$null = $environment | Start-DemoConsumer -ConsumerId buggy -Ledger -IdleTimeoutSeconds $IdleTimeoutSeconds
$beforeRedrive = $environment | Get-DemoQueue
$deadLettered = ($environment | Get-DemoAccounting).DeadLetterIds

Write-DemoPhase 'the bug is fixed: redriving the DLQ'
# The fix, then the redrive back to the source queue.
$redrive = @{ Wait = $true }
if ($MaxMessagesPerSecond -gt 0) { $redrive.MaxMessagesPerSecond = $MaxMessagesPerSecond }
$task = $environment | Start-DemoRedrive @redrive
Write-DemoPhase 'the fixed consumer processes the redriven messages'
$null = $environment | Start-DemoConsumer -ConsumerId fixed -Ledger -RejectPayloadMarker '' -IdleTimeoutSeconds $IdleTimeoutSeconds

Write-DemoPhase 'checking what happened'
$processedPoison = @{}
foreach ($event in @(Get-DemoJournal -Kind Processed)) {
    if ($poisonIds -contains $event.BodyId) { $processedPoison[$event.BodyId] = 1 + [int]$processedPoison[$event.BodyId] }
}
$onceEach = @($poisonIds | Where-Object { $processedPoison[$_] -eq 1 }).Count
$sideEffects = @($environment | Get-DemoSideEffect)
$effectKeys = @{}
foreach ($effect in $sideEffects) { $effectKeys[$effect.Key] = $true }
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'exactly the poison messages reached the DLQ' -Expected $poisonIds -Actual $deadLettered -Comparison SameSet -Detail "DLQ depth before the redrive: $($beforeRedrive.DeadLetterVisible)"
New-DemoCheck 'the redrive completed and moved them all' -Passed ($task.Status -eq 'COMPLETED' -and $task.Moved -eq $PoisonCount) -Expected "COMPLETED, $PoisonCount moved" -Actual "$($task.Status), $($task.Moved) moved" -Detail $task.Method
New-DemoCheck 'each redriven message processed exactly once' -Expected $PoisonCount -Actual $onceEach
New-DemoCheck 'every message took effect exactly once' -Passed ($sideEffects.Count -eq $MessageCount -and $effectKeys.Count -eq $MessageCount) -Expected "$MessageCount distinct side effects" -Actual "$($sideEffects.Count) side effects, $($effectKeys.Count) distinct"
New-DemoCheck 'no message processed twice' -Expected 0 -Actual $accounting.AppliedMoreThanOnce.Count
New-DemoCheck 'queue and DLQ empty' -Expected 0 -Actual ($queue.Visible + $queue.InFlight + $queue.DeadLetterVisible)
$environment | New-DemoStandardCheck -Check NothingLost
