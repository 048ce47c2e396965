<#
.SYNOPSIS
An asynchronous task service: tasks submitted through its API, processed in batches with partial batch failures, results stored per task id, failures to the DLQ.

.DESCRIPTION
Seed 004's shape, API -> queue -> workers. Each task is POSTed to the API (`POST /tasks`,
`{"task_type": ..., "data": ...}`, served by Start-DemoEndpoint -TaskQueueUrl in front of
the queue), which answers 202 with its task id and message id and queues it as
`{"id": <task id>, "type": ..., "data": ...}` (visibility 60 s, maxReceiveCount 3). The tasks
are `compute` (numbers -> sum, average, min, max), `transform` (text -> upper, lower, word
count, char count) and `fail`; a task without a task_type is refused with 400. Workers
consume the queue as a Lambda event source mapping does: batches of up to -BatchSize
gathered within -BatchWindowSeconds, each item handled by a script-block handler; the
items that failed are reported and only those return to the queue, while the batch's
successes are deleted together. Each success's output is stored in the results store
under its task id.

The API is served by the embedded backend only: on moto or AWS (or with -SendDirectly)
the same messages are sent straight to the queue with SendMessageBatch, and the run says so.

It passes when the API accepted every task (202 with a message id) and refused the one
without a task_type, queuing nothing for it; every accepted message reached a result or
the DLQ; each compute and transform task has exactly one result, and that result is
arithmetically right for its input (recomputed here, independently of the handler); no
successful task was received twice (a whole batch returning would have); batches held up
to -BatchSize items; each `fail` task is in the DLQ after 3 receives, with no result; and
nothing was lost.

.NOTES
Speed: Slow
Proves: PoisonHandling
Judges your consumer: no. It needs SqsDemo's consumer's -Handler, -BatchSize, -BatchWindowSeconds and
-StoreResults.
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
    [double] $TimeoutSeconds = 900,
    # Send the tasks straight to the queue (SendMessageBatch) instead of through the API; moto and AWS always do.
    [switch] $SendDirectly
)

$environment = New-DemoEnvironment -Name async-tasks -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds

# The message is the API's: {"id": <task id>, "type": <task_type>, "data": <data>}.
$handler = {
    param($Message)
    $task = $Message.Data
    switch ($task.type) {
        'compute' {
            $numbers = @($task.data.numbers)
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
            $text = [string]$task.data.text
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

# The tasks: inputs made from their index, so every run (and every backend) sees the same. Data is
# the JSON of the task's "data"; Id, the task id in its message, is the API's to give.
$sentences = @('the quick brown fox', 'Queues decouple  producers from consumers', 'at least once', 'Exactly-Once is a property of the whole system', 'SQS', 'visibility timeout and receive count')
$tasks = [System.Collections.Generic.List[object]]::new()
foreach ($i in 1..$ComputeCount) {
    $numbers = @(foreach ($j in 1..(2 + $i % 4)) { (($i * 37 + $j * 11) % 50) - 10 })
    $tasks.Add([pscustomobject]@{ Name = "task-compute-$i"; Type = 'compute'; Numbers = $numbers; Data = '{"numbers":[' + ($numbers -join ',') + ']}'; Id = $null; MessageId = $null })
}
foreach ($i in 1..$TransformCount) {
    $text = $sentences[($i - 1) % $sentences.Count]
    $tasks.Add([pscustomobject]@{ Name = "task-transform-$i"; Type = 'transform'; Text = $text; Data = '{"text":"' + $text + '"}'; Id = $null; MessageId = $null })
}
# The fail tasks go among the others, one in each stretch of the submission, so that the first
# batches mix successes with failures: the partial batch response is then there to be seen.
$stride = [Math]::Max(1, [Math]::Floor($tasks.Count / [Math]::Max(1, $FailCount)))
for ($i = $FailCount; $i -ge 1; $i--) {
    $at = [Math]::Min($tasks.Count, [int](($i - 1) * $stride + [Math]::Floor($stride / 2)))
    $tasks.Insert($at, [pscustomobject]@{ Name = "task-fail-$i"; Type = 'fail'; Data = $null; Id = $null; MessageId = $null })
}

$throughApi = -not $SendDirectly -and (Get-DemoBackend).Kind -eq 'Embedded'
if ($throughApi) {
    Write-DemoPhase 'the API starts in front of the queue; the tasks are POSTed to it'
    $api = Start-DemoEndpoint -Port 0 -TaskQueueUrl $environment.QueueUrl
    # A client of the API, as seed 004's are: plain HTTP to loopback, where no proxy belongs.
    $http = [System.Net.Http.HttpClient]::new([System.Net.Http.HttpClientHandler]@{ UseProxy = $false })
    # The API's answer: its status, and the task_id, message_id or error of its JSON body.
    function Submit-Task([string] $Request) {
        $content = [System.Net.Http.StringContent]::new($Request, [System.Text.Encoding]::UTF8, 'application/json')
        $response = $http.PostAsync($api.Url + '/tasks', $content).GetAwaiter().GetResult()
        $document = [System.Text.Json.JsonDocument]::Parse($response.Content.ReadAsStringAsync().GetAwaiter().GetResult())
        try {
            $field = { param($name) $value = [System.Text.Json.JsonElement]::new(); if ($document.RootElement.TryGetProperty($name, [ref]$value)) { $value.GetString() } }
            [pscustomobject]@{ Status = [int]$response.StatusCode; TaskId = & $field 'task_id'; MessageId = & $field 'message_id'; Error = & $field 'error' }
        }
        finally {
            $document.Dispose()
            $response.Dispose()
        }
    }
    try {
        $answers = foreach ($task in $tasks) {
            $answer = Submit-Task ('{"task_type":"' + $task.Type + '"' + $(if ($task.Data) { ',"data":' + $task.Data }) + '}')
            # A task the API did not take has no id: it then matches no message, and the checks say so.
            $task.Id = if ($answer.TaskId) { $answer.TaskId } else { "$($task.Name) (not accepted)" }
            $task.MessageId = $answer.MessageId
            $answer
        }
        $refused = Submit-Task '{"data":{"numbers":[1,2,3]}}'
    }
    finally {
        $http.Dispose()
        $api | Stop-DemoEndpoint
    }
}
else {
    $why = if ($SendDirectly) { '-SendDirectly' } else { "the API runs on the embedded backend only, not on $((Get-DemoBackend).Kind)" }
    Write-DemoPhase "submitting the tasks straight to the queue ($why)"
    foreach ($task in $tasks) {
        $task.Id = $task.Name
        $task | Add-Member -NotePropertyName Body -NotePropertyValue ('{"id":"' + $task.Id + '","type":"' + $task.Type + '"' + $(if ($task.Data) { ',"data":' + $task.Data }) + '}')
    }
    # Submitted ten at a time, as a client with SendMessageBatch would: a batch arrives at once.
    $null = $tasks | ForEach-Object Body | Send-DemoMessage -QueueUrl $environment.QueueUrl -BatchSize 10
}
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
$accounting = $environment | Get-DemoAccounting
if ($throughApi) {
    $notAccepted = @(for ($i = 0; $i -lt $tasks.Count; $i++) { if ($answers[$i].Status -ne 202 -or -not $answers[$i].MessageId) { "$($tasks[$i].Name): $($answers[$i].Status) $($answers[$i].Error)" } })
    New-DemoCheck 'the API accepted each task: 202 with a message id' -Expected $tasks.Count -Actual ($tasks.Count - $notAccepted.Count) -Detail ($notAccepted -join ', ')
    New-DemoCheck 'the API refused the task without a task_type, and queued one message per accepted task only' -Expected '400 InvalidTask, queued 0 more' `
        -Actual "$($refused.Status) $($refused.Error), queued $($accounting.Sent - @($tasks | Where-Object MessageId).Count) more"
    # Every message the API queued ended as a stored result or in the DLQ: none was left behind or lost.
    $ended = [System.Collections.Generic.HashSet[string]]::new([string[]]@(Get-DemoJournal -Kind ResultStored, MovedToDeadLetterQueue | ForEach-Object MessageId))
    $unfinished = @($tasks | Where-Object { $_.MessageId -and -not $ended.Contains($_.MessageId) } | ForEach-Object { "$($_.Name) ($($_.MessageId))" })
    New-DemoCheck 'every message the API accepted reached a result or the DLQ' -Expected 0 -Actual $unfinished.Count -Detail ($unfinished -join ', ')
}
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
        if (-not $ok) { $wrong += "$($task.Name): got sum $($data.sum) avg $($data.average) min $($data.min) max $($data.max), expected sum $($expected.sum) avg $($expected.average) min $($expected.min) max $($expected.max)" }
    }
    else {
        $text = $task.Text
        $words = [regex]::Matches($text, '\S+').Count
        $ok = $data.upper -ceq $text.ToUpperInvariant() -and $data.lower -ceq $text.ToLowerInvariant() -and $data.word_count -eq $words -and $data.char_count -eq $text.Length
        if (-not $ok) { $wrong += "$($task.Name): got '$($data.upper)' '$($data.lower)' words $($data.word_count) chars $($data.char_count)" }
    }
}
New-DemoCheck 'every result is right for its input' -Expected 0 -Actual $wrong.Count -Detail $(if ($wrong.Count) { $wrong -join '; ' } else { "$($good.Count) checked" })

# Partial batch failures: a batch's successes were deleted, so none came back.
$receives = @{}
Get-DemoJournal -Kind Received -QueueUrl $environment.QueueUrl | ForEach-Object { $receives[$_.BodyId] = 1 + [int]$receives[$_.BodyId] }
$receivedAgain = @($good | Where-Object { $receives[$_.Id] -ne 1 } | ForEach-Object { "$($_.Name) x$($receives[$_.Id])" })
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
New-DemoCheck 'the fail tasks are in the DLQ' -Expected @($failing | ForEach-Object Id) -Actual $accounting.DeadLetterIds -Comparison SameSet
New-DemoCheck 'each was received maxReceiveCount times' -Expected @($failing | ForEach-Object { $MaxReceiveCount }) -Actual @($failing | ForEach-Object { [int]$receives[$_.Id] })
New-DemoCheck 'no result for a failed task' -Expected 0 -Actual @($failing | Where-Object { $results.ContainsKey($_.Id) }).Count
$environment | New-DemoStandardCheck -Check Drained, NothingLost
