<#
.SYNOPSIS
A crash between the side effect and COMPLETED: the next consumer finds the effect done and skips it.

.DESCRIPTION
Five messages. Consumer A performs the first message's side effect and crashes before it
marks the status row COMPLETED: the most dangerous moment, since the external system
has acted but our bookkeeping says it has not. After the visibility timeout consumer B
receives everything, takes the STARTED row over, checks the side-effects table before
acting, finds the effect there and skips it. It passes when exactly five side effects
exist (none doubled), five rows are COMPLETED, the queue and DLQ are empty, and the
journal shows A's crash between its side effect and COMPLETED.

.NOTES
Speed: Fast
Proves: SideEffectIdempotency
Judges your consumer: yes (Invoke-DemoScenario -Consumer). A's process is killed (SIGKILL) right after its first
write to the side-effects table took effect. Every write counts (Get-DemoSideEffect -Writes), an overwrite of the
same key included; "B skipped the effect" is then "B did not write it again". The status rows are checked when
your consumer keeps MESSAGE_STATUS_TABLE.
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $WaitAfterCrashSeconds = 15,
    [double] $IdleTimeoutSeconds = 30,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name dup-side-effects -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages"
$null = $environment | Send-DemoMessage -Count $MessageCount
Write-DemoPhase 'consumer A crashes after a side effect, before COMPLETED'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-a -CrashAfterSideEffect -IdleTimeoutSeconds $IdleTimeoutSeconds -ErrorAction SilentlyContinue @consumerArgs
Write-DemoPhase 'waiting out the visibility timeout'
Wait-DemoClock -Seconds $WaitAfterCrashSeconds
Write-DemoPhase 'consumer B takes over, checking the ledger before each effect'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-b -MessageLimit $MessageCount -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs

Write-DemoPhase 'checking what happened'
$crash = Get-DemoJournal -Kind Crashed -Actor consumer-a
$aEvents = @(Get-DemoJournal -Actor consumer-a -MessageId $crash.MessageId | ForEach-Object { "$($_.Kind)" })
$skipped = @(Get-DemoJournal -Kind SideEffectSkipped -Actor consumer-b -MessageId $crash.MessageId)
$queue = $environment | Get-DemoQueue
$effects = @($environment | Get-DemoSideEffect)
# Performed side effects by message, from the journal: a broken conditional put would show two.
$performedPerMessage = @{}
Get-DemoJournal -Kind SideEffect | ForEach-Object { $performedPerMessage[$_.BodyId] = 1 + [int]$performedPerMessage[$_.BodyId] }
$doubled = @($performedPerMessage.Keys | Where-Object { $performedPerMessage[$_] -gt 1 })
$completed = @($environment | Get-DemoMessageStatus -Status COMPLETED)
$accounting = $environment | Get-DemoAccounting

if ($Consumer) {
    # A process's steps are its calls: its last write before the kill is the side effect, and nothing of it ran after.
    $writes = @($environment | Get-DemoSideEffect -Writes)
    $aWrites = @($writes | Where-Object Actor -eq consumer-a)
    $aSteps = @(Get-DemoJournal -Actor consumer-a | Where-Object { "$($_.Kind)" -in 'Received', 'TableRequest', 'Deleted', 'DeleteMayNotHaveDeleted', 'Crashed' } |
        ForEach-Object { if ("$($_.Kind)" -eq 'TableRequest') { "$($_.Operation) $($_.TableName)" } else { "$($_.Kind)" } })
    New-DemoCheck 'A was killed right after its side-effect write' -Passed ("$($crash.KillPoint)" -eq 'AfterSideEffect' -and $aWrites.Count -eq 1 -and $aWrites[0].Sequence -lt $crash.Sequence) -Expected 'one side-effect write, then killed (AfterSideEffect)' -Actual ($aSteps -join ' > ')
    $bAgain = @($writes | Where-Object { $_.Actor -eq 'consumer-b' -and $_.Key -in @($aWrites | ForEach-Object Key) })
    New-DemoCheck 'B did not write the side effect A had written' -Expected 0 -Actual $bAgain.Count
    New-DemoCheck 'exactly one side effect per message' -Expected $MessageCount -Actual $writes.Count
    $environment | New-DemoStandardCheck -Check SideEffectsOnce
    # A consumer process keeps the status table only if it chooses to: one that keeps none is judged by its writes.
    if (@($environment | Get-DemoMessageStatus).Count -gt 0) { New-DemoCheck 'status rows COMPLETED' -Expected $MessageCount -Actual $completed.Count }
}
else {
    New-DemoCheck 'A crashed after the side effect, before COMPLETED' -Passed ($aEvents -contains 'SideEffect' -and $aEvents[-1] -eq 'Crashed' -and $aEvents -notcontains 'LedgerCompleted') -Expected 'SideEffect, then Crashed, no LedgerCompleted' -Actual ($aEvents -join ' > ')
    New-DemoCheck 'B skipped the effect A had performed' -Expected 1 -Actual $skipped.Count
    New-DemoCheck 'exactly one side effect per message' -Expected $MessageCount -Actual $effects.Count
    New-DemoCheck 'no side effect performed twice (journal)' -Expected 0 -Actual $doubled.Count
    New-DemoCheck 'status rows COMPLETED' -Expected $MessageCount -Actual $completed.Count
}
$environment | New-DemoStandardCheck
