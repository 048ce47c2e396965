<#
.SYNOPSIS
A burst piles up while the consumers are down; when they come back the backlog drains, stale messages are skipped, and nothing is applied twice.

.DESCRIPTION
The consumers are offline while a burst of 1,000 messages arrives over 100 seconds. Then
a pool of 4 consumers comes back, with the ledger on, crashing now and then (and
restarting). Messages older than 60 seconds when received are stale: recorded and
deleted, not applied (a price quote or a location update past its use). It passes when
the backlog drains fully, nothing is lost, no side effect was performed twice, stale
messages were counted and skipped, and every message that was applied was fresh when it
was received. The Report sums it up.

.NOTES
Speed: Slow
Proves: Throughput
Judges your consumer: not yet. Its staleness checks read the StaleSkipped and SideEffect events only SqsDemo's
consumer journals (-StaleAfterSeconds); the example consumers have no staleness rule (STALE_AFTER_SECONDS) yet.
#>
[CmdletBinding()]
param(
    [int] $BurstCount = 1000,
    [double] $BurstRate = 10,
    [int] $StaleAfterSeconds = 60,
    [int] $Consumers = 4,
    [double] $CrashRate = 0.02,
    [int] $MaxMessages = 10,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 5,
    [double] $IdleTimeoutSeconds = 20,
    # The consumer judges age by SQS's SentTimestamp, stamped when the broker took the message;
    # the journal dates a send when its answer came back, up to a round trip later.
    [double] $ClockSlackSeconds = 1
)

$environment = New-DemoEnvironment -Name backlog-drain -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "the consumers are down: a burst of $BurstCount messages piles up"
$null = $environment | Send-DemoMessage -Count $BurstCount -Rate $BurstRate -BatchSize 10
Write-DemoPhase "$Consumers consumers come back and drain the backlog"
$pool = foreach ($n in 1..$Consumers) {
    $environment | Start-DemoConsumer -ConsumerId "pool-$n" -Ledger -MaxMessages $MaxMessages -CrashRate $CrashRate -RestartOnCrash `
        -StaleAfterSeconds $StaleAfterSeconds -IdleTimeoutSeconds $IdleTimeoutSeconds -AsJob
}
$null = $pool | Wait-Job

Write-DemoPhase 'checking what happened'
# Each message's history from the journal: when it was sent, and when the consumer that
# performed its side effect last received it before doing so.
$histories = @(Get-DemoJournal -Kind Sent -QueueUrl $environment.QueueUrl | Get-DemoMessageHistory)
$appliedStale = 0
$skippedFresh = 0
$doubled = @()
foreach ($history in $histories) {
    $sentAt = $history.SentAt.TotalSeconds
    $effects = @($history.Events | Where-Object Kind -eq 'SideEffect')
    if ($effects.Count -gt 1) { $doubled += $history.BodyId }
    foreach ($effect in $effects) {
        $receive = @($history.Events | Where-Object { $_.Kind -eq 'Received' -and $_.Actor -eq $effect.Actor -and $_.Sequence -lt $effect.Sequence })[-1]
        if ($receive.ScenarioTime.TotalSeconds - $sentAt -gt $StaleAfterSeconds) { $appliedStale++ }
    }
    foreach ($skip in @($history.Events | Where-Object Kind -eq 'StaleSkipped')) {
        if ($skip.ScenarioTime.TotalSeconds - $sentAt -le $StaleAfterSeconds - $ClockSlackSeconds) { $skippedFresh++ }
    }
}
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting
$crashes = @(Get-DemoJournal -Kind Crashed).Count

New-DemoCheck 'the backlog drained' -Expected 0 -Actual ($queue.Visible + $queue.InFlight)
New-DemoCheck 'nothing lost' -Expected 0 -Actual $accounting.Unaccounted -Detail "$($accounting.Processed) applied, $($accounting.StaleSkipped) stale, $($accounting.DeadLettered) dead-lettered of $($accounting.Sent)"
New-DemoCheck 'no side effect performed twice' -Expected 0 -Actual $doubled.Count -Detail "$crashes crash(es) on the way"
New-DemoCheck 'stale messages were counted and skipped' -Passed ($accounting.StaleSkipped -gt 0 -and $skippedFresh -eq 0) -Expected "some, each older than $StaleAfterSeconds s" -Actual "$($accounting.StaleSkipped) skipped, $skippedFresh of them fresh"
New-DemoCheck 'every applied message was fresh when received' -Expected 0 -Actual $appliedStale

[pscustomobject]@{
    Sent           = $accounting.Sent
    Applied        = $accounting.Processed
    StaleSkipped   = $accounting.StaleSkipped
    DeadLettered   = $accounting.DeadLettered
    Crashes        = $crashes
    DrainedAt      = (Get-DemoBackend).ScenarioTime
}
