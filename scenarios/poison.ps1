<#
.SYNOPSIS
Poison messages fail every time; the redrive policy moves exactly them to the DLQ.

.DESCRIPTION
Five messages, two of them poison at positions drawn from the seed. One consumer
processes the good ones and rejects the poison (its body carries the reject marker
POISON): a rejected message is not deleted, so it becomes visible again after the
visibility timeout. When a receive would take its receive count above maxReceiveCount
(2), SQS moves it to the dead-letter queue instead of delivering it. It passes when the
queue is empty and the DLQ holds exactly the poison messages, by id.

.NOTES
Speed: Fast
Proves: PoisonHandling
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Your consumer gets the marker as REJECT_PAYLOAD_MARKER;
one that never deletes poison shows the DLQ doing its job.
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 5,
    [int] $PoisonCount = 2,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    [string] $RejectPayloadMarker = 'POISON',
    # How many messages the DLQ should hold; the poison count unless stated.
    [int] $ExpectedDeadLetterCount = -1,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

if ($ExpectedDeadLetterCount -lt 0) { $ExpectedDeadLetterCount = $PoisonCount }

$environment = New-DemoEnvironment -Name poison -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages, $PoisonCount of them poison"
$sent = @($environment | Send-DemoMessage -Count $MessageCount -PoisonCount $PoisonCount)
Write-DemoPhase 'one consumer rejects the poison until the redrive policy moves it'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-1 -RejectPayloadMarker $RejectPayloadMarker -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs

Write-DemoPhase 'checking what happened'
$poisonIds = @($sent | Where-Object Poison | ForEach-Object BodyId)
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting
$moved = @(Get-DemoJournal -Kind MovedToDeadLetterQueue)

$environment | New-DemoStandardCheck -Check Drained, NothingLost
New-DemoCheck 'DLQ message count' -Expected $ExpectedDeadLetterCount -Actual $queue.DeadLetterVisible
New-DemoCheck 'DLQ holds exactly the poison messages' -Expected $poisonIds -Actual $accounting.DeadLetterIds -Comparison SameSet
New-DemoCheck 'good messages processed' -Expected ($MessageCount - $PoisonCount) -Actual $accounting.Processed
if ((Get-DemoBackend).Kind -eq 'Embedded') {
    New-DemoCheck 'moves happened at receive time, after maxReceiveCount receives' -Passed ($moved.Count -eq $PoisonCount -and @($moved | Where-Object { $_.ReceiveCount -ne $MaxReceiveCount }).Count -eq 0) -Expected "$PoisonCount moves at receive count $MaxReceiveCount" -Actual (($moved | ForEach-Object { "count $($_.ReceiveCount)" }) -join ', ')
}
else {
    # A real SQS moves messages silently: the DLQ's contents above are the evidence.
    New-DemoCheck 'moves happened at receive time, after maxReceiveCount receives' -Passed $true -Expected 'observed moves' -Actual 'not observable on this backend' -Detail 'only the embedded broker reports its redrive moves'
}
