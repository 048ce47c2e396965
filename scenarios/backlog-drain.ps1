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
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Your consumer is given STALE_AFTER_SECONDS, in its
own clock's seconds (the scenario's divided by the time scale; the endpoint gives SentTimestamp in wall time, so
`now - SentTimestamp` is the message's age), and is killed at the crash rate instead of crashing itself. A message
is applied stale when its side effect is written (Get-DemoSideEffect -Writes) more than StaleAfterSeconds (plus
WriteSlackSeconds, the work after your consumer judged it) after it was sent, on the scenario clock; one deleted with no side effect written is one your consumer skipped as stale.
A process's start-up costs scenario time (a second of wall time is 20 s at x20), so at x20 most of the backlog
may be stale by the time it is read; a lower -TimeScale (5, say) leaves room for fresh messages too.
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
    [double] $ClockSlackSeconds = 1,
    # A consumer process decides a message is fresh before it writes the side effect: a write this much past the
    # limit is the time that work took, not a stale message applied.
    [double] $WriteSlackSeconds = 10,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name backlog-drain -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "the consumers are down: a burst of $BurstCount messages piles up"
$null = $environment | Send-DemoMessage -Count $BurstCount -Rate $BurstRate -BatchSize 10
Write-DemoPhase "$Consumers consumers come back and drain the backlog"
$pool = foreach ($n in 1..$Consumers) {
    $environment | Start-DemoConsumer -ConsumerId "pool-$n" -Ledger -MaxMessages $MaxMessages -CrashRate $CrashRate -RestartOnCrash `
        -StaleAfterSeconds $StaleAfterSeconds -IdleTimeoutSeconds $IdleTimeoutSeconds -AsJob @consumerArgs
}
$null = $pool | Wait-Job

Write-DemoPhase 'checking what happened'
# Each message's history from the journal: when it was sent, and when the consumer that
# performed its side effect last received it before doing so.
$histories = @(Get-DemoJournal -Kind Sent -QueueUrl $environment.QueueUrl | Get-DemoMessageHistory)
$appliedStale = 0
$skippedFresh = 0
$doubled = @()
$staleWrites = @()
$staleSkipped = 0
if ($Consumer) {
    # A process journals nothing of its own: what it applied is its writes to the side-effects table (keyed by
    # the body's id), what it skipped is a message it deleted without one.
    $writesByKey = @{}
    $environment | Get-DemoSideEffect -Writes | Group-Object Key | ForEach-Object { $writesByKey[$_.Name] = $_.Group }
    foreach ($history in $histories) {
        $sentAt = $history.SentAt.TotalSeconds
        $written = if ($writesByKey.ContainsKey($history.BodyId)) { $writesByKey[$history.BodyId] } else { @() }
        foreach ($write in $written) {
            $age = $write.ScenarioTime.TotalSeconds - $sentAt
            if ($age -gt $StaleAfterSeconds + $WriteSlackSeconds) {
                $appliedStale++
                $staleWrites += '{0} (sent at {1:0.0} s) written by {2} at {3:0.0} s, {4:0.0} s old' -f $history.BodyId, $sentAt, $write.Actor, $write.ScenarioTime.TotalSeconds, $age
            }
        }
        $deletes = @($history.Events | Where-Object Kind -eq 'Deleted')
        if ($deletes.Count -gt 0 -and -not $writesByKey.ContainsKey($history.BodyId)) {
            $staleSkipped++
            if ($deletes[0].ScenarioTime.TotalSeconds - $sentAt -le $StaleAfterSeconds - $ClockSlackSeconds) { $skippedFresh++ }
        }
    }
}
foreach ($history in $(if (-not $Consumer) { $histories })) {
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
# A killed process journals Crashed for each message it held: its kills are its incarnations that crashed.
$crashes = if ($Consumer) { @(Get-DemoJournal -Kind Crashed | ForEach-Object Actor | Sort-Object -Unique).Count } else { @(Get-DemoJournal -Kind Crashed).Count }

New-DemoCheck 'the backlog drained' -Expected 0 -Actual ($queue.Visible + $queue.InFlight)
$told = if ($Consumer) { "$($accounting.Processed) deleted ($staleSkipped of them with no side effect)" } else { "$($accounting.Processed) applied, $($accounting.StaleSkipped) stale" }
New-DemoCheck 'nothing lost' -Expected 0 -Actual $accounting.Unaccounted -Detail "$told, $($accounting.DeadLettered) dead-lettered of $($accounting.Sent)"
if ($Consumer) {
    $environment | New-DemoStandardCheck -Check SideEffectsOnce
    New-DemoCheck 'stale messages were skipped' -Passed ($staleSkipped -gt 0 -and $skippedFresh -eq 0) -Expected "some, each older than $StaleAfterSeconds s" -Actual "$staleSkipped deleted with no side effect, $skippedFresh of them fresh"
    $shown = @($staleWrites | Select-Object -First 3)
    New-DemoCheck 'no stale message had its side effect written' -Expected 0 -Actual $appliedStale -Detail $(if ($shown) { ($shown -join '; ') + $(if ($staleWrites.Count -gt 3) { "; and $($staleWrites.Count - 3) more" }) + " (limit $StaleAfterSeconds s)" })
}
else {
    New-DemoCheck 'no side effect performed twice' -Expected 0 -Actual $doubled.Count -Detail "$crashes crash(es) on the way"
    New-DemoCheck 'stale messages were counted and skipped' -Passed ($accounting.StaleSkipped -gt 0 -and $skippedFresh -eq 0) -Expected "some, each older than $StaleAfterSeconds s" -Actual "$($accounting.StaleSkipped) skipped, $skippedFresh of them fresh"
    New-DemoCheck 'every applied message was fresh when received' -Expected 0 -Actual $appliedStale
}

[pscustomobject]@{
    Sent           = $accounting.Sent
    Applied        = $(if ($Consumer) { $accounting.Processed - $staleSkipped } else { $accounting.Processed })
    StaleSkipped   = $(if ($Consumer) { $staleSkipped } else { $accounting.StaleSkipped })
    DeadLettered   = $accounting.DeadLettered
    Crashes        = $crashes
    DrainedAt      = (Get-DemoBackend).ScenarioTime
}
