<#
.SYNOPSIS
A steady producer outruns one consumer; an autoscaler adds consumers until they keep up, then the backlog drains.

.DESCRIPTION
A producer sends 5 messages per second without pause; each message takes a consumer 1
second, so one consumer falls behind and the queue's visible depth grows. Every 5
seconds an autoscaler looks at the depth: while it is at or above 10 it starts one more
consumer (as a job, up to 10). Once depth has stayed below 10 for 3 looks in a row with
work done, it stops the producer; when nothing is visible or in flight it stops the
consumers. It passes when more than one consumer ran at the peak, everything produced
was processed, and the queue and DLQ are empty. The autoscaler's ticks are in the
result's Report.

.NOTES
Speed: Slow
Proves: Throughput
Judges your consumer: no. Its autoscaler starts SqsDemo's consumers with a work time (-SleepMinSeconds,
-SleepMaxSeconds) as it scales out.
#>
[CmdletBinding()]
param(
    [double] $Rate = 5,
    [double] $WorkSeconds = 1,
    [double] $IntervalSeconds = 5,
    [int] $ScaleOutDepth = 10,
    [int] $MaxConsumers = 10,
    [int] $QuietTicks = 3,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $TimeoutSeconds = 900
)

$environment = New-DemoEnvironment -Name backpressure -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "a producer sends $Rate messages a second; the autoscaler adds consumers"
$producer = $environment | Start-DemoProducer -Rate $Rate -AsJob
$scaleOut = {
    param($queueUrl)
    Start-DemoConsumer -QueueUrl $queueUrl -MaxMessages 1 -SleepMinSeconds $WorkSeconds -SleepMaxSeconds $WorkSeconds -AsJob
}
$report = $environment | Invoke-DemoAutoscaler -Producer $producer -ScaleOut $scaleOut -IntervalSeconds $IntervalSeconds `
    -ScaleOutDepth $ScaleOutDepth -MaxConsumers $MaxConsumers -QuietTicks $QuietTicks -TimeoutSeconds $TimeoutSeconds

Write-DemoPhase 'checking what happened'
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting
$scaledOut = @(Get-DemoJournal -Kind ScaledOut)

New-DemoCheck 'more than one consumer at the peak' -Passed ($report.PeakConsumers -gt 1) -Expected 'more than 1' -Actual $report.PeakConsumers -Detail "$($scaledOut.Count) scale-out(s); peak visible depth $($report.PeakVisible)"
New-DemoCheck 'the autoscaler stopped the producer once consumers kept up' -Passed ($null -ne $report.ProducerStoppedAt) -Expected 'stopped' -Actual $(if ($report.ProducerStoppedAt) { "at $([int]$report.ProducerStoppedAt.TotalSeconds) s after $($producer.Sent) messages" } else { 'still running' })
New-DemoCheck 'the backlog drained' -Passed ($null -ne $report.DrainedAt -and -not $report.TimedOut) -Expected 'drained' -Actual $(if ($report.DrainedAt) { "at $([int]$report.DrainedAt.TotalSeconds) s" } else { 'not drained' })
New-DemoCheck 'everything produced was processed' -Expected $producer.Sent -Actual $accounting.Processed
$environment | New-DemoStandardCheck

$report
