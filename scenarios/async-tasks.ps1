<#
.SYNOPSIS
An asynchronous task service: tasks processed in batches with partial batch failures, results stored per message id, failures to the DLQ.

.DESCRIPTION
Tasks are submitted to a queue (visibility 60 s, maxReceiveCount 3): `compute` (numbers ->
sum, average, min, max), `transform` (text -> upper, lower, word count, char count) and
`fail`. Workers consume the queue as a Lambda event source mapping does: batches of up to
-BatchSize gathered within -BatchWindowSeconds, each item handled by a script-block
handler; the items that failed are reported and only those return to the queue, while
the batch's successes are deleted together. Each success's output is stored in the
results store under its message id.

It passes when each compute and transform task has exactly one result, and that result
is arithmetically right for its input (recomputed here, independently of the handler);
no successful task was received twice (a whole batch returning would have); batches
held up to -BatchSize items; each `fail` task is in the DLQ after 3 receives, with no
result; and nothing was lost.

.NOTES
Speed: Slow
#>
[CmdletBinding()]
param(
    [int] $ComputeCount = 8,
    [int] $TransformCount = 6,
    [int] $FailCount = 2,
    [int] $WorkerCount = 2,
    [int] $BatchSize = 5,
    [double] $BatchWindowSeconds = 2,
    [int] $VisibilityTimeout = 60,
    [int] $MaxReceiveCount = 3,
    [int] $WaitTimeSeconds = 10,
    [double] $TimeoutSeconds = 900
)

$environment = New-DemoEnvironment -Name async-tasks -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds

$handler = {
    param($Message)
    $task = $Message.Data
    switch ($task.type) {
        'compute' {
            $numbers = @($task.numbers)
            if ($numbers.Count -eq 0) { throw "task $($task.id): no numbers" }
            $sum = 0; $min = $numbers[0]; $max = $numbers[0]
            foreach ($n in $numbers) {
                $sum += $n
                if ($n -lt $min) { $min = $n }
                if ($n -gt $max) { $max = $n }
            }
            [ordered]@{ task_id = $task.id; type = 'compute'; sum = $sum; average = $sum / $numbers.Count; min = $min; max = $max }
        }
        'transform' {
            $text = [string]$task.text
            [ordered]@{ task_id = $task.id; type = 'transform'; upper = $text.ToUpperInvariant(); lower = $text.ToLowerInvariant()
                word_count = @($text -split '\s+' | Where-Object { $_ }).Count; char_count = $text.Length }
        }
        'fail' { throw "task $($task.id) is set up to fail" }
        default { throw "task $($task.id): unknown type '$($task.type)'" }
    }
}
Write-DemoPhase "$WorkerCount workers start, in batches of up to $BatchSize"
$jobs = foreach ($i in 1..$WorkerCount) {
    $environment | Start-DemoConsumer -AsJob -ConsumerId "worker-$i" -BatchSize $BatchSize -BatchWindowSeconds $BatchWindowSeconds -StoreResults -Handler $handler
}
$null = Wait-DemoJournal -Kind ConsumerStarted -Count $WorkerCount -TimeoutSeconds 60

# The tasks: inputs made from their index, so every run (and every backend) sees the same.
$sentences = @('the quick brown fox', 'Queues decouple  producers from consumers', 'at least once', 'Exactly-Once is a property of the whole system', 'SQS', 'visibility timeout and receive count')
$tasks = [System.Collections.Generic.List[object]]::new()
foreach ($i in 1..$ComputeCount) {
    $numbers = @(foreach ($j in 1..(2 + $i % 4)) { (($i * 37 + $j * 11) % 50) - 10 })
    $tasks.Add([pscustomobject]@{ Id = "task-compute-$i"; Type = 'compute'; Numbers = $numbers; Body = '{"id":"task-compute-' + $i + '","type":"compute","numbers":[' + ($numbers -join ',') + ']}' })
}
foreach ($i in 1..$TransformCount) {
    $text = $sentences[($i - 1) % $sentences.Count]
    $tasks.Add([pscustomobject]@{ Id = "task-transform-$i"; Type = 'transform'; Text = $text; Body = '{"id":"task-transform-' + $i + '","type":"transform","text":"' + $text + '"}' })
}
# The fail tasks go among the others, one in each stretch of the submission, so that the first
# batches mix successes with failures: the partial batch response is then there to be seen.
$stride = [Math]::Max(1, [Math]::Floor($tasks.Count / [Math]::Max(1, $FailCount)))
for ($i = $FailCount; $i -ge 1; $i--) {
    $at = [Math]::Min($tasks.Count, [int](($i - 1) * $stride + [Math]::Floor($stride / 2)))
    $tasks.Insert($at, [pscustomobject]@{ Id = "task-fail-$i"; Type = 'fail'; Body = '{"id":"task-fail-' + $i + '","type":"fail"}' })
}
Write-DemoPhase 'submitting the tasks'
# Submitted ten at a time, as a client with SendMessageBatch would: a batch arrives at once.
$null = $tasks | ForEach-Object Body | Send-DemoMessage -QueueUrl $environment.QueueUrl -BatchSize 10
$good = @($tasks | Where-Object Type -ne 'fail')
$failing = @($tasks | Where-Object Type -eq 'fail')

Write-DemoPhase 'the workers store results; the failing tasks head for the DLQ'
# Done when every good task has its result and the failing ones have left for the DLQ.
$null = Wait-DemoJournal -Kind ResultStored -Count $good.Count -TimeoutSeconds $TimeoutSeconds
$waited = 0
do {
    $queue = $environment | Get-DemoQueue
    if ($queue.DeadLetterVisible -ge $failing.Count -and $queue.Visible + $queue.InFlight -eq 0) { break }
    Wait-DemoClock -Seconds 1
    $waited++
} while ($waited -lt $TimeoutSeconds)
$jobs | Stop-Job
$jobs | Remove-Job
$queue = $environment | Get-DemoQueue

Write-DemoPhase 'checking what happened'
$results = @{}
$environment | Get-DemoResult | ForEach-Object { $results[$_.MessageId] = $_ }
$stored = @{}
Get-DemoJournal -Kind ResultStored | ForEach-Object { $stored[$_.BodyId] = 1 + [int]$stored[$_.BodyId] }
New-DemoCheck 'each compute and transform task has exactly one result' -Expected $good.Count -Actual @($good | Where-Object { $results.ContainsKey($_.Id) -and $stored[$_.Id] -eq 1 }).Count `
    -Detail "$($results.Count) result(s) stored"

# Right for its input: recomputed here with .NET's own arithmetic, not the handler's loop.
$wrong = @()
foreach ($task in $good) {
    $result = $results[$task.Id]
    if (-not $result) { continue }
    $data = $result.Data
    if ($task.Type -eq 'compute') {
        $numbers = [int[]]$task.Numbers
        $expected = @{ sum = [System.Linq.Enumerable]::Sum($numbers); min = [System.Linq.Enumerable]::Min($numbers); max = [System.Linq.Enumerable]::Max($numbers); average = [System.Linq.Enumerable]::Average($numbers) }
        $ok = $data.sum -eq $expected.sum -and $data.min -eq $expected.min -and $data.max -eq $expected.max -and [Math]::Abs([double]$data.average - $expected.average) -lt 1e-9
        if (-not $ok) { $wrong += "$($task.Id): got sum $($data.sum) avg $($data.average) min $($data.min) max $($data.max), expected sum $($expected.sum) avg $($expected.average) min $($expected.min) max $($expected.max)" }
    }
    else {
        $text = $task.Text
        $words = [regex]::Matches($text, '\S+').Count
        $ok = $data.upper -ceq $text.ToUpperInvariant() -and $data.lower -ceq $text.ToLowerInvariant() -and $data.word_count -eq $words -and $data.char_count -eq $text.Length
        if (-not $ok) { $wrong += "$($task.Id): got '$($data.upper)' '$($data.lower)' words $($data.word_count) chars $($data.char_count)" }
    }
}
New-DemoCheck 'every result is right for its input' -Expected 0 -Actual $wrong.Count -Detail $(if ($wrong.Count) { $wrong -join '; ' } else { "$($good.Count) checked" })

# Partial batch failures: a batch's successes were deleted, so none came back.
$receives = @{}
Get-DemoJournal -Kind Received -QueueUrl $environment.QueueUrl | ForEach-Object { $receives[$_.BodyId] = 1 + [int]$receives[$_.BodyId] }
$receivedAgain = @($good | Where-Object { $receives[$_.Id] -ne 1 } | ForEach-Object { "$($_.Id) x$($receives[$_.Id])" })
New-DemoCheck 'no successful task came back (only failed items returned)' -Expected 0 -Actual $receivedAgain.Count -Detail ($receivedAgain -join ', ')
$batches = @(Get-DemoJournal -Kind BatchProcessed -QueueUrl $environment.QueueUrl)
$batchSizes = @($batches | ForEach-Object BatchSize)
$mixed = @($batches | Where-Object { $_.BatchDeleted -gt 0 -and $_.FailedMessageIds.Count -gt 0 })
$largest = 0
foreach ($size in $batchSizes) { if ($size -gt $largest) { $largest = $size } }
New-DemoCheck "batches of up to $BatchSize, some of them more than one" -Passed ($largest -le $BatchSize -and $largest -gt 1) -Expected "2..$BatchSize at most" `
    -Actual "largest $largest of $($batchSizes.Count) batch(es)"
New-DemoCheck 'a batch reported partial failure: its successes deleted, its failures left' -Expected 1 -Actual $mixed.Count -Comparison AtLeast `
    -Detail (@($mixed | ForEach-Object { "$($_.BatchSize) message(s): $($_.BatchDeleted) deleted, $($_.FailedMessageIds.Count) reported failed" }) -join '; ')

# The fail tasks: in the DLQ after maxReceiveCount receives, with no result.
$accounting = $environment | Get-DemoAccounting
New-DemoCheck 'the fail tasks are in the DLQ' -Expected @($failing | ForEach-Object Id) -Actual $accounting.DeadLetterIds -Comparison SameSet
New-DemoCheck 'each was received maxReceiveCount times' -Expected @($failing | ForEach-Object { $MaxReceiveCount }) -Actual @($failing | ForEach-Object { [int]$receives[$_.Id] })
New-DemoCheck 'no result for a failed task' -Expected 0 -Actual @($failing | Where-Object { $results.ContainsKey($_.Id) }).Count
$environment | New-DemoStandardCheck -Check Drained, NothingLost
