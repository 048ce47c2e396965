<#
.SYNOPSIS
Five consumers, one FIFO message group: the effects still happen strictly in order.

.DESCRIPTION
A FIFO queue with content-based deduplication. Five consumers start first and wait;
then ten messages {"id":"seq-i","sequence":i} are sent in one message group. However the
consumers race, SQS delivers a group's next message only after the one before it was
deleted, so each consumer that logs its message's sequence to the ledger's ordered
effect log appends in order. It passes when the sequence log is exactly 1..10 in order
and the queue and DLQ are empty.

.NOTES
Speed: Fast
Proves: Ordering
Judges your consumer: yes (Invoke-DemoScenario -Consumer). The order is then the order of your consumers' writes
to the side-effects table (keyed by the body's id, seq-1..seq-N), as the endpoint took them.
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 10,
    [int] $ConsumerCount = 5,
    [string] $MessageGroupId = 'sequence-1',
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

# SqsDemo's consumer logs each message's sequence to the ledger's effect log; a process's order is that of its writes.
$consumerArgs = @{ SideEffectLogField = 'sequence' }
if ($Consumer) { $consumerArgs = @{ Command = $Consumer } }

$environment = New-DemoEnvironment -Name fifo-order -Fifo -ContentBasedDeduplication -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "$ConsumerCount consumers wait on the FIFO queue"
$jobs = foreach ($i in 1..$ConsumerCount) {
    $environment | Start-DemoConsumer -AsJob -ConsumerId "consumer-$i" -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs
}
$null = Wait-DemoJournal -Kind ConsumerStarted -Count $ConsumerCount -TimeoutSeconds 60
Write-DemoPhase "sending $MessageCount messages in one group; the consumers race for them"
$bodies = foreach ($i in 1..$MessageCount) { '{"id":"seq-' + $i + '","sequence":' + $i + '}' }
$sent = @($bodies | Send-DemoMessage -QueueUrl $environment.QueueUrl -MessageGroupId $MessageGroupId)
$null = $jobs | Wait-Job
$jobs | Remove-Job

Write-DemoPhase 'checking what happened'
$log = @($environment | Get-DemoEffectLog effect | ForEach-Object { [int]$_.Value })
$sequenceNumbers = @($sent | Where-Object { $_.SequenceNumber } | ForEach-Object { [decimal]$_.SequenceNumber })
$increasing = $true
for ($i = 1; $i -lt $sequenceNumbers.Count; $i++) { if ($sequenceNumbers[$i] -le $sequenceNumbers[$i - 1]) { $increasing = $false } }
$workers = @{}
Get-DemoJournal -Kind EffectLogged | ForEach-Object { $workers[$_.Actor] = $true }
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting

if ($Consumer) {
    $writes = @($environment | Get-DemoSideEffect -Writes)
    $writers = @{}
    $writes | ForEach-Object { $writers[$_.Actor] = $true }
    New-DemoCheck 'the side effects were written in order 1..N' -Expected @(1..$MessageCount | ForEach-Object { "seq-$_" }) -Actual @($writes | ForEach-Object Key) -Detail "written by $($writers.Count) consumer(s) sharing the group"
}
else {
    New-DemoCheck 'the sequence log is 1..N in order' -Expected @(1..$MessageCount) -Actual $log -Detail "logged by $($workers.Count) consumer(s) sharing the group"
}
if (@($sent | Where-Object { $_.SequenceNumber }).Count -eq 0) {
    # moto, for one, returns no SequenceNumber on FIFO sends.
    New-DemoCheck 'SQS sequence numbers increase within the group' -Passed $true -Expected 'increasing' -Actual 'not observable on this backend' -Detail 'the backend returned no sequence numbers'
}
else {
    New-DemoCheck 'SQS sequence numbers increase within the group' -Passed ($increasing -and $sequenceNumbers.Count -eq $MessageCount) -Expected 'increasing' -Actual "$($sequenceNumbers.Count) numbers, increasing: $increasing"
}
$environment | New-DemoStandardCheck
