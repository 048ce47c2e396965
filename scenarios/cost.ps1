<#
.SYNOPSIS
The same work done four ways, priced as AWS bills it: batched sends and a 20 s long poll are the cheapest.

.DESCRIPTION
A producer sends -Count messages to a queue at -Rate per second while one consumer, receiving up
to 10 at a time, handles and deletes them, then idles -IdleSeconds until it stops. This is done
four ways, each on a queue of its own on the same backend: single SendMessage calls or
SendMessageBatch of 10, and the consumer short polling (WaitTimeSeconds 0: an empty answer at
once, then a 1 s pause) or long polling (WaitTimeSeconds -LongPollSeconds, 20 by default). Get-DemoCost prices each queue's
calls from the journal.

It passes when every way delivered all its messages, the batched, long-polling way is the
cheapest of the four, and the ratio of the dearest way (single sends, short polling) to the
cheapest is within -Band of the ratio predicted from request counts: sends (N, or N/10 batched) +
receives with messages (N/10) + deletes (N, one each) + empty receives (one a second of idling
when short polling, one per long poll when long polling). The Report has each way's requests and cost.

.NOTES
Speed: Slow
Proves: Throughput
Judges your consumer: no (the cost compares the library's own ways of receiving).
#>
[CmdletBinding()]
param(
    [int] $Count = 200,
    [double] $Rate = 20,
    [double] $IdleSeconds = 60,
    # The long poll's WaitTimeSeconds (20, the most SQS allows; shorter on a wall-clock backend to keep the run short).
    [ValidateRange(1, 20)]
    [int] $LongPollSeconds = 20,
    # How far the measured ratio may stray from the predicted one, as a fraction of it.
    [double] $Band = 0.35
)

# Each way on a queue of its own, named as terraform/scenarios.json names them.
$ways = @(
    [pscustomobject]@{ Name = 'single-short'; BatchSize = 1;  WaitTimeSeconds = 0;                Environment = (New-DemoEnvironment -Name cost-single-short) }
    [pscustomobject]@{ Name = 'single-long';  BatchSize = 1;  WaitTimeSeconds = $LongPollSeconds; Environment = (New-DemoEnvironment -Name cost-single-long) }
    [pscustomobject]@{ Name = 'batch-short';  BatchSize = 10; WaitTimeSeconds = 0;                Environment = (New-DemoEnvironment -Name cost-batch-short) }
    [pscustomobject]@{ Name = 'batch-long';   BatchSize = 10; WaitTimeSeconds = $LongPollSeconds; Environment = (New-DemoEnvironment -Name cost-batch-long) }
)

$rows = foreach ($way in $ways) {
    $environment = $way.Environment
    Write-DemoPhase "$($way.Name): $Count messages, batches of $($way.BatchSize), receive wait $($way.WaitTimeSeconds) s"
    $consumer = $environment | Start-DemoConsumer -ConsumerId "consumer-$($way.Name)" -MaxMessages 10 -WaitTimeSeconds $way.WaitTimeSeconds -IdleTimeoutSeconds $IdleSeconds -AsJob
    $null = $environment | Send-DemoMessage -Count $Count -Rate $Rate -BatchSize $way.BatchSize
    $null = $consumer | Wait-Job
    $cost = @($environment | Get-DemoCost)
    $accounting = $environment | Get-DemoAccounting
    [pscustomobject]@{
        Way       = $way.Name
        Delivered = $accounting.Processed
        Requests  = ($cost | Measure-Object BilledUnits -Sum).Sum
        Sends     = ($cost | Where-Object Operation -like 'SendMessage*' | Measure-Object BilledUnits -Sum).Sum
        Receives  = ($cost | Where-Object Operation -eq 'ReceiveMessage' | Measure-Object BilledUnits -Sum).Sum
        CostUsd   = [decimal](($cost | Measure-Object CostUsd -Sum).Sum)
    }
}

Write-DemoPhase 'checking what each way cost'
$byWay = @{}
foreach ($row in $rows) { $byWay[$row.Way] = $row }
$cheapest = $rows | Sort-Object CostUsd | Select-Object -First 1

# The predicted requests of a way, from the work alone: what the calls must be, not what they were.
function Get-PredictedRequests([int] $batchSize, [int] $wait) {
    $sends = [math]::Ceiling($Count / $batchSize)
    $receives = [math]::Ceiling($Count / 10)
    $empties = if ($wait -eq 0) { $IdleSeconds } else { [math]::Ceiling($IdleSeconds / $wait) }
    $sends + $receives + $Count + $empties
}
$predicted = (Get-PredictedRequests 1 0) / (Get-PredictedRequests 10 $LongPollSeconds)
$measured = [double]$byWay['single-short'].CostUsd / [double]$byWay['batch-long'].CostUsd

foreach ($row in $rows) {
    New-DemoCheck "$($row.Way) delivered every message" -Expected $Count -Actual $row.Delivered
}
New-DemoCheck "batched sends with a $LongPollSeconds s long poll are the cheapest way" -Expected 'batch-long' -Actual $cheapest.Way `
    -Detail (($rows | ForEach-Object { '{0} {1} requests ${2:0.000000}' -f $_.Way, $_.Requests, $_.CostUsd }) -join '; ')
New-DemoCheck 'single sends with short polling cost about as many times more as their requests predict' `
    -Passed ([math]::Abs($measured - $predicted) -le $Band * $predicted) `
    -Expected ('{0:0.00}x, within {1:P0}' -f $predicted, $Band) -Actual ('{0:0.00}x' -f $measured)

$rows
