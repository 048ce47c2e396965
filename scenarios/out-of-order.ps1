<#
.SYNOPSIS
The same shuffled versions applied naively (last write wins) and with version checks, side by side.

.DESCRIPTION
Versions 1 to 10 of one entity, shuffled once, are sent in the same order to two
queues. One consumer applies every version as it arrives (last write wins): it ends on
whatever came last, usually not the newest version. Another applies a version only if it
is newer than the stored one: it ends on the newest whatever the order. The result shows
both final states. It passes when the naive run ended on the last version delivered to it
(wrong unless the newest happened to come last), and the reconciled run on the newest.

.NOTES
Speed: Fast
Proves: Ordering
Judges your consumer: no. It needs SqsDemo's consumer's -Versioning and -LastWriteWins, with a versions table
and effect log a consumer process is not given.
#>
[CmdletBinding()]
param(
    [int] $VersionCount = 10,
    [string] $EntityId = 'acct-1',
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30
)

$naive = New-DemoEnvironment -Name out-of-order-naive -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
$reconciled = New-DemoEnvironment -Name out-of-order-reconciled -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase 'sending the same shuffled versions to both queues'
$bodies = foreach ($v in 1..$VersionCount) { '{"id":"ver-' + $v + '","entity_id":"' + $EntityId + '","version":' + $v + '}' }
$sent = @($bodies | Send-DemoMessage -QueueUrl $naive.QueueUrl -Shuffle)
$null = $sent | ForEach-Object Body | Send-DemoMessage -QueueUrl $reconciled.QueueUrl

Write-DemoPhase 'the naive consumer applies every version (last write wins)'
$null = $naive | Start-DemoConsumer -ConsumerId naive -Versioning -LastWriteWins -IdleTimeoutSeconds $IdleTimeoutSeconds
Write-DemoPhase 'the reconciling consumer applies only newer versions'
$null = $reconciled | Start-DemoConsumer -ConsumerId reconciled -Versioning -IdleTimeoutSeconds $IdleTimeoutSeconds

Write-DemoPhase 'checking what happened'
$naiveSeen = @($naive | Get-DemoEffectLog seen | ForEach-Object { [int]$_.Value })
$naiveFinal = ($naive | Get-DemoEntityVersion -EntityId $EntityId).Version
$reconciledFinal = ($reconciled | Get-DemoEntityVersion -EntityId $EntityId).Version
$lastDelivered = $naiveSeen[-1]
$naiveQueue = $naive | Get-DemoQueue
$reconciledQueue = $reconciled | Get-DemoQueue

New-DemoCheck 'both runs got the same shuffled order' -Expected @($sent | ForEach-Object Body) -Actual @(Get-DemoJournal -Kind Sent -QueueUrl $reconciled.QueueUrl | ForEach-Object { $b = $_.BodyId; ($sent | Where-Object BodyId -eq $b).Body })
New-DemoCheck 'naive (last write wins) ends on the last version delivered' -Expected $lastDelivered -Actual $naiveFinal -Detail ('delivered: ' + ($naiveSeen -join ' '))
New-DemoCheck 'naive final state is wrong (unless the newest came last)' -Passed (($naiveFinal -ne $VersionCount) -or ($lastDelivered -eq $VersionCount)) -Expected "not v$VersionCount" -Actual "v$naiveFinal"
New-DemoCheck 'reconciled (version checks) ends on the newest version' -Expected $VersionCount -Actual $reconciledFinal
New-DemoCheck 'both queues empty' -Expected 0 -Actual ($naiveQueue.Visible + $naiveQueue.InFlight + $reconciledQueue.Visible + $reconciledQueue.InFlight)
New-DemoCheck 'both DLQs empty' -Expected 0 -Actual ($naiveQueue.DeadLetterVisible + $reconciledQueue.DeadLetterVisible)
