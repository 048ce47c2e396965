<#
.SYNOPSIS
Batches of ten with poison inside: delete the good ones one by one, and only the poison returns.

.DESCRIPTION
Fifty messages, every third one poison (positions 2, 5, 8, ...: 16 poison, 34 good).
The consumer receives ten at a time and deletes each good message as soon as it is done,
instead of all-or-nothing per batch, so a poison message in a batch does not drag its
good neighbours back to the queue. The poison ones return after the visibility timeout
and, past maxReceiveCount, move to the DLQ. It passes when the DLQ holds exactly the 16
poison messages, exactly 34 side effects exist, and the queue is empty.

.NOTES
Speed: Fast
Proves: PoisonHandling
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Your consumer gets the batch size as MAX_MESSAGES and
the marker as REJECT_PAYLOAD_MARKER; its side effects are its writes to the side-effects table
(Get-DemoSideEffect -Writes), an overwrite of the same key included.
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 50,
    [int] $PoisonEvery = 3,
    [int] $MaxMessages = 10,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    [string] $RejectPayloadMarker = 'POISON',
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name poison-partial-batch -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages, every ${PoisonEvery}th poison"
$sent = @($environment | Send-DemoMessage -Count $MessageCount -PoisonEvery $PoisonEvery -BatchSize 10)
Write-DemoPhase "one consumer in batches of $MaxMessages, deleting each good message"
$null = $environment | Start-DemoConsumer -ConsumerId consumer-1 -MaxMessages $MaxMessages -RejectPayloadMarker $RejectPayloadMarker -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs

Write-DemoPhase 'checking what happened'
$poisonIds = @($sent | Where-Object Poison | ForEach-Object BodyId)
$goodCount = $MessageCount - $poisonIds.Count
$queue = $environment | Get-DemoQueue
$effects = @($environment | Get-DemoSideEffect)
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'poison messages sent' -Expected ([Math]::Floor($MessageCount / $PoisonEvery)) -Actual $poisonIds.Count
New-DemoCheck 'DLQ holds exactly the poison messages' -Expected $poisonIds -Actual $accounting.DeadLetterIds -Comparison SameSet
if ($Consumer) {
    New-DemoCheck 'one side effect per good message' -Expected $goodCount -Actual @($environment | Get-DemoSideEffect -Writes).Count
    $environment | New-DemoStandardCheck -Check SideEffectsOnce
}
else {
    New-DemoCheck 'one side effect per good message' -Expected $goodCount -Actual $effects.Count
    New-DemoCheck 'no good message processed twice' -Expected 0 -Actual $accounting.AppliedMoreThanOnce.Count
}
$environment | New-DemoStandardCheck -Check Drained, NothingLost
