<#
.SYNOPSIS
A purge takes what was in the queue and, for up to 60 seconds, may take what is sent after it.

.DESCRIPTION
SQS documents that a purge can take up to 60 seconds and that messages sent to the queue
during that time may be deleted too. Twice, on one queue: 10 seed messages; a purge; 10
messages right away and one each at +5, +15, +30 and +45 seconds (the danger window); 5
more after +65 seconds, when the purge is certainly over; then one consumer drains the
queue. Every message is counted by phase as survived (processed) or lost (purged).
It passes when the purge took every seed message, no message sent after the 60-second
window was lost, the purge took only messages sent before it completed, and every
message is accounted for. How many danger-window messages the purge took is not a
failure: it is the documented behaviour, and the result's Report shows it, by phase.

.NOTES
Speed: Slow
Proves: Baseline
Judges your consumer: no. Its point is PurgeQueue's window, not a consumer's behaviour: SqsDemo's
consumer only drains what survived.
#>
[CmdletBinding()]
param(
    [int] $SeedCount = 10,
    [int] $RightAwayCount = 10,
    [int[]] $DangerOffsets = @(5, 15, 30, 45),
    [int] $LateOffset = 65,
    [int] $LateCount = 5,
    [int] $Rounds = 2,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 15
)

$environment = New-DemoEnvironment -Name happy-purge-timing -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
$sent = [System.Collections.Generic.List[object]]::new()
function Send-Phase([int] $Round, [string] $Phase, [int] $Count) {
    foreach ($message in @($environment | Send-DemoMessage -Count $Count)) {
        $sent.Add([pscustomobject]@{ Round = $Round; Phase = $Phase; MessageId = $message.MessageId; SentAt = $message.ScenarioTime })
    }
}

for ($round = 1; $round -le $Rounds; $round++) {
    Write-DemoPhase "round ${round}: seed messages, then a purge"
    Send-Phase $round 'seed (before the purge)' $SeedCount
    $environment | Clear-DemoQueue -Force
    $purgedAt = (Get-DemoBackend).ScenarioTime.TotalSeconds
    Write-DemoPhase "round ${round}: sending through the 60-second purge window"
    Send-Phase $round '+0 s (right away)' $RightAwayCount
    foreach ($offset in $DangerOffsets) {
        Wait-DemoClock -Seconds ([math]::Max(0, $purgedAt + $offset - (Get-DemoBackend).ScenarioTime.TotalSeconds))
        Send-Phase $round "+$offset s" 1
    }
    Write-DemoPhase "round ${round}: sending after the window"
    Wait-DemoClock -Seconds ([math]::Max(0, $purgedAt + $LateOffset - (Get-DemoBackend).ScenarioTime.TotalSeconds))
    Send-Phase $round "+$LateOffset s (after the window)" $LateCount
    Write-DemoPhase "round ${round}: one consumer drains the queue"
    $null = $environment | Start-DemoConsumer -ConsumerId "drain-$round" -MaxMessages 10 -IdleTimeoutSeconds $IdleTimeoutSeconds
}

Write-DemoPhase 'checking what happened'
$processed = @{}
foreach ($event in @(Get-DemoJournal -Kind Processed)) { $processed[$event.MessageId] = $true }
$purged = @{}
foreach ($event in @(Get-DemoJournal -Kind PurgedMessage)) { $purged[$event.MessageId] = $event }
# Only the embedded broker reports each message its purge deleted, and when.
$observable = (Get-DemoBackend).Kind -eq 'Embedded'

# One row per round and phase, in the order they were sent.
$rows = [System.Collections.Generic.List[object]]::new()
$rowOf = @{}
foreach ($message in $sent) {
    $key = "$($message.Round)|$($message.Phase)"
    if (-not $rowOf.ContainsKey($key)) {
        $rowOf[$key] = [pscustomobject]@{ Round = $message.Round; Phase = $message.Phase; Sent = 0; Survived = 0; Lost = 0 }
        $rows.Add($rowOf[$key])
    }
    $row = $rowOf[$key]
    $row.Sent++
    if ($processed.ContainsKey($message.MessageId)) { $row.Survived++ } else { $row.Lost++ }
}

$seedLost = 0; $lateLost = 0; $dangerLost = 0
foreach ($row in $rows) {
    if ($row.Phase -like 'seed*') { $seedLost += $row.Lost }
    elseif ($row.Phase -like '*after the window*') { $lateLost += $row.Lost }
    else { $dangerLost += $row.Lost }
}
$unaccounted = 0
$takenAfterCompletion = 0
foreach ($message in $sent) {
    if ($processed.ContainsKey($message.MessageId)) { continue }
    if (-not $purged.ContainsKey($message.MessageId)) { $unaccounted++ }
    elseif ($message.SentAt -gt $purged[$message.MessageId].ScenarioTime) { $takenAfterCompletion++ }
}
$queue = $environment | Get-DemoQueue

New-DemoCheck 'the purge took every seed message' -Expected ($SeedCount * $Rounds) -Actual $seedLost
New-DemoCheck 'no message sent after the purge window was lost' -Expected 0 -Actual $lateLost
if ($observable) {
    New-DemoCheck 'the purge took only messages sent before it completed' -Expected 0 -Actual $takenAfterCompletion -Detail "$dangerLost danger-window message(s) taken in $Rounds round(s)"
    New-DemoCheck 'every message accounted for (processed or purged)' -Expected 0 -Actual $unaccounted
}
else {
    $why = "the endpoint does not report what its purge deleted; $dangerLost danger-window message(s) lost"
    New-DemoCheck 'the purge took only messages sent before it completed' -Passed $true -Expected 'purge deletions observed' -Actual 'not observable on this backend' -Detail $why
    New-DemoCheck 'every message accounted for (processed or purged)' -Passed $true -Expected 'purge deletions observed' -Actual 'not observable on this backend' -Detail $why
}
New-DemoCheck 'queue and DLQ empty after the drain' -Expected 0 -Actual ($queue.Visible + $queue.InFlight + $queue.DeadLetterVisible)

$rows
