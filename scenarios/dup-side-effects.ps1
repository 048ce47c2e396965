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
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $WaitAfterCrashSeconds = 15,
    [double] $IdleTimeoutSeconds = 30
)

$environment = New-DemoEnvironment -Name dup-side-effects -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages"
$null = $environment | Send-DemoMessage -Count $MessageCount
Write-DemoPhase 'consumer A crashes after a side effect, before COMPLETED'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-a -CrashAfterSideEffect -IdleTimeoutSeconds $IdleTimeoutSeconds -ErrorAction SilentlyContinue
Write-DemoPhase 'waiting out the visibility timeout'
Wait-DemoClock -Seconds $WaitAfterCrashSeconds
Write-DemoPhase 'consumer B takes over, checking the ledger before each effect'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-b -MessageLimit $MessageCount -IdleTimeoutSeconds $IdleTimeoutSeconds

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

New-DemoCheck 'A crashed after the side effect, before COMPLETED' -Passed ($aEvents -contains 'SideEffect' -and $aEvents[-1] -eq 'Crashed' -and $aEvents -notcontains 'LedgerCompleted') -Expected 'SideEffect, then Crashed, no LedgerCompleted' -Actual ($aEvents -join ' > ')
New-DemoCheck 'B skipped the effect A had performed' -Expected 1 -Actual $skipped.Count
New-DemoCheck 'exactly one side effect per message' -Expected $MessageCount -Actual $effects.Count
New-DemoCheck 'no side effect performed twice (journal)' -Expected 0 -Actual $doubled.Count
New-DemoCheck 'status rows COMPLETED' -Expected $MessageCount -Actual $completed.Count
$environment | New-DemoStandardCheck
