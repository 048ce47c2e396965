<#
.SYNOPSIS
Work that outlives the visibility timeout breaks FIFO order; a visibility heartbeat or a lease guard keeps it.

.DESCRIPTION
A FIFO queue with a DLQ (maxReceiveCount 1, visibility timeout 10 s) and 3 message groups of
8 messages {"id":"gG-i","group":"gG","sequence":i}, sent interleaved. Five consumers, more
than there are groups, so some are always free and long-polling; they crash at a rate of
0.1 (and are restarted), and every 3rd message each one handles takes 15 s, longer than the
visibility timeout. When a message's work overruns, its visibility runs out while its
consumer still works; a free consumer's next receive finds it past maxReceiveCount and moves
it to the DLQ, the group moves on, that consumer applies the next message, and then the
first consumer applies the dead-lettered message: late, after its successor. (Issue 20's
soak found this with maxReceiveCount 2, when a message's first receive was lost to a crash
and its second overran; 1 makes every overrun show it.)

-Guard chooses the consumer: None (the seeds' consumer: the break shows), Heartbeat (each
consumer extends the visibility of the message in hand every 3 s: it never runs out while
the work goes on) or LeaseGuard (each consumer checks, before the side effect, that the
visibility it holds has not run out, and applies nothing once it has: journaled
LeaseExpired). Each consumer logs the message's sequence to the ledger's effect log as it
takes effect; the checks read that log per group against the send order, the DLQ moves and
the receives in the journal.

It passes when it shows what it claims. Without a guard: some group's effect log is out of
send order, and every message applied late was applied more than the visibility timeout
after its consumer received it and sits in the DLQ (dead-lettered, then applied anyway: the
break); nothing was lost. With a guard: every group's effect log is in send order, no
dead-lettered message was applied, nothing was lost, and the guard was at work (work that
outlived the visibility timeout applied under the heartbeat, or LeaseExpired refusals).
The two guards keep the order differently: the heartbeat keeps a slow message hidden until
it is done, the lease guard gives a message up once its visibility is gone, so that message
ends in the DLQ unapplied (redrive it once the work is fixed: see dlq-redrive).

.NOTES
Speed: Fast
Proves: Ordering
Judges your consumer: no. Its chaos is SqsDemo's consumer's (-CrashRate with -RestartOnCrash, -LongSleepEvery) and
-Guard LeaseGuard is SqsDemo's consumer's -LeaseGuard.
#>
[CmdletBinding()]
param(
    # None: the seeds' consumer. Heartbeat: -HeartbeatSeconds. LeaseGuard: -LeaseGuard.
    [ValidateSet('None', 'Heartbeat', 'LeaseGuard')]
    [string] $Guard = 'None',
    [int] $GroupCount = 3,
    [int] $MessagesPerGroup = 8,
    # More consumers than groups: a FIFO queue has at most one message of a group in flight, so some are always free.
    [int] $ConsumerCount = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 1,
    [double] $CrashRate = 0.1,
    [int] $LongSleepEvery = 3,
    [double] $LongSleepSeconds = 15,
    [double] $SleepMinSeconds = 0.2,
    [double] $SleepMaxSeconds = 0.6,
    # Well inside the visibility timeout: a loaded machine's pause must not make a beat come too late.
    [int] $HeartbeatSeconds = 3,
    # Longer than the longest wait for a group blocked behind a message in flight (LongSleepSeconds).
    [double] $IdleTimeoutSeconds = 30
)

$environment = New-DemoEnvironment -Name fifo-overrun -Fifo -ContentBasedDeduplication -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds

# The body says its group and its place in it: what the checks compare the effect log with.
$groups = @(1..$GroupCount | ForEach-Object { "g$_" })
$bodies = foreach ($i in 1..$MessagesPerGroup) { foreach ($g in $groups) { '{"id":"' + $g + '-' + $i + '","group":"' + $g + '","sequence":' + $i + '}' } }
Write-DemoPhase "sending $($GroupCount * $MessagesPerGroup) messages in $GroupCount groups"
$sent = @($bodies | Send-DemoMessage -QueueUrl $environment.QueueUrl -MessageGroupField group)

$guardArgs = @{}
if ($Guard -eq 'Heartbeat') { $guardArgs.HeartbeatSeconds = $HeartbeatSeconds }
if ($Guard -eq 'LeaseGuard') { $guardArgs.LeaseGuard = $true }
Write-DemoPhase "$ConsumerCount consumers (guard: $Guard) crash at $CrashRate and take $LongSleepSeconds s over every message number $LongSleepEvery, $(2 * $LongSleepEvery), ..."
$jobs = foreach ($n in 1..$ConsumerCount) {
    $environment | Start-DemoConsumer -AsJob -ConsumerId "consumer-$n" -SideEffectLogField sequence -CrashRate $CrashRate -RestartOnCrash `
        -SleepMinSeconds $SleepMinSeconds -SleepMaxSeconds $SleepMaxSeconds -LongSleepEvery $LongSleepEvery -LongSleepSeconds $LongSleepSeconds `
        -IdleTimeoutSeconds $IdleTimeoutSeconds @guardArgs
}
$null = $jobs | Wait-Job
$jobs | Remove-Job

Write-DemoPhase 'checking each group against its send order'
$groupOf = @{}
$sequenceOf = @{}
$bodyIdOf = @{}
foreach ($s in $sent) { $parts = $s.BodyId -split '-'; $groupOf[$s.BodyId] = $parts[0]; $sequenceOf[$s.BodyId] = [int]$parts[1]; $bodyIdOf[$s.MessageId] = $s.BodyId }
$log = @($environment | Get-DemoEffectLog effect)
# The broker's move names the message by its MessageId, the effect log by its body's id.
$deadLettered = @{}
Get-DemoJournal -Kind MovedToDeadLetterQueue -QueueUrl $environment.QueueUrl | ForEach-Object { $deadLettered[$bodyIdOf[$_.MessageId]] = $true }

# A message applied after a later one of its group is late: the order broke there.
$late = [System.Collections.Generic.List[string]]::new()
$orderByGroup = foreach ($g in $groups) {
    $applied = @($log | Where-Object { $groupOf[$_.MessageId] -eq $g } | ForEach-Object { $_.MessageId })
    $highest = 0
    foreach ($id in $applied) {
        if ($sequenceOf[$id] -lt $highest) { $late.Add($id) } else { $highest = $sequenceOf[$id] }
    }
    "${g}: " + (($applied | ForEach-Object { $sequenceOf[$_] }) -join ' ')
}
$appliedDeadLetters = @($log | Where-Object { $deadLettered[$_.MessageId] } | ForEach-Object MessageId)

# How long each handling held its message: from its receive to its end (applied or refused), by the same consumer.
$received = @{}
Get-DemoJournal -Kind Received -QueueUrl $environment.QueueUrl | ForEach-Object { $received["$($_.MessageId)/$($_.ReceiveCount)"] = $_ }
$handlings = foreach ($end in @(Get-DemoJournal -Kind Processed, LeaseExpired -QueueUrl $environment.QueueUrl)) {
    $receive = $received["$($end.MessageId)/$($end.ReceiveCount)"]
    [pscustomobject]@{ BodyId = $end.BodyId; Kind = "$($end.Kind)"; Held = ($end.ScenarioTime - $receive.ScenarioTime).TotalSeconds }
}
$overran = @($handlings | Where-Object Held -gt $VisibilityTimeout)
$lateOverran = @($late | Where-Object { $id = $_; $handlings | Where-Object { $_.BodyId -eq $id -and $_.Kind -eq 'Processed' -and $_.Held -gt $VisibilityTimeout } })
$lateDeadLettered = @($late | Where-Object { $deadLettered[$_] })
$orderDetail = $orderByGroup -join '; '

$environment | New-DemoStandardCheck -Check Drained, NothingLost
if ($Guard -eq 'None') {
    New-DemoCheck 'the order broke: a message applied after a later one of its group' -Expected 1 -Actual $late.Count -Comparison AtLeast -Detail ("late: $($late -join ', '); " + $orderDetail)
    New-DemoCheck 'each late message was applied after its visibility timeout ran out' -Expected $late.Count -Actual $lateOverran.Count -Detail "held longer than $VisibilityTimeout s: $($lateOverran -join ', ')"
    New-DemoCheck 'each late message was dead-lettered, then applied anyway' -Expected $late.Count -Actual $lateDeadLettered.Count -Detail "in the DLQ and applied: $($appliedDeadLetters -join ', ')"
}
else {
    New-DemoCheck 'every group applied in send order' -Expected 0 -Actual $late.Count -Detail $orderDetail
    New-DemoCheck 'no dead-lettered message applied' -Expected 0 -Actual $appliedDeadLetters.Count -Detail "dead-lettered: $(@($deadLettered.Keys) -join ', ')"
    if ($Guard -eq 'Heartbeat') {
        $extended = @(Get-DemoJournal -Kind VisibilityExtended -QueueUrl $environment.QueueUrl)
        New-DemoCheck 'work outlived the visibility timeout and was applied, kept hidden by the heartbeat' -Expected 1 -Actual @($overran | Where-Object Kind -eq 'Processed').Count -Comparison AtLeast -Detail "$($extended.Count) extensions"
    }
    else {
        $refused = @(Get-DemoJournal -Kind LeaseExpired -QueueUrl $environment.QueueUrl)
        New-DemoCheck 'the lease guard refused messages whose visibility ran out (LeaseExpired)' -Expected 1 -Actual $refused.Count -Comparison AtLeast -Detail (($refused | ForEach-Object { "$($_.BodyId) $([math]::Round($_.LateBySeconds, 1)) s late" }) -join ', ')
    }
}
