<#
.SYNOPSIS
The dup set-up with a visibility heartbeat: the slow message stays hidden, one delivery, one side effect.

.DESCRIPTION
One message, two consumers started together, and a side effect that takes 30 s while the
visibility timeout is 10 s, as in dup. This time each consumer runs a visibility
heartbeat: every 4 s while it works on the message, it calls ChangeMessageVisibility to
push the message's visibility 10 s past that moment. The message never becomes visible
again while the first consumer works, so the second one, long-polling all along, never
receives it: one delivery, one ledger attempt, one side effect, and the delete uses a
receipt handle that is still current. It passes when the queue and DLQ are empty, the
journal shows exactly one receive of the message and at least one VisibilityExtended, the
work outlasted the visibility timeout, the status row is COMPLETED after 1 attempt,
exactly one side effect exists, and nothing was processed twice or lost.

.NOTES
Speed: Fast
Proves: DuplicateDelivery
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Your consumer gets HEARTBEAT_SECONDS and
SIDE_EFFECT_DELAY_SECONDS (in wall seconds); its heartbeat is any ChangeMessageVisibility it makes with a timeout
above 0 while it holds the message. "Processed once" is then "deleted once", its side effects are its writes to
the side-effects table, and the status row is checked when it keeps MESSAGE_STATUS_TABLE.
#>
[CmdletBinding()]
param(
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $SideEffectDelaySeconds = 30,
    [int] $HeartbeatSeconds = 4,
    [int] $ConsumerCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name heartbeat -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase 'sending one message'
$sent = $environment | Send-DemoMessage -Count 1
Write-DemoPhase "$ConsumerCount consumers, a slow side effect, a heartbeat every $HeartbeatSeconds s"
$jobs = foreach ($i in 1..$ConsumerCount) {
    $environment | Start-DemoConsumer -AsJob -ConsumerId "consumer-$i" -MessageLimit 1 -IdleTimeoutSeconds $IdleTimeoutSeconds -SideEffectDelaySeconds $SideEffectDelaySeconds -HeartbeatSeconds $HeartbeatSeconds @consumerArgs
}
$null = $jobs | Wait-Job
$jobs | Remove-Job

Write-DemoPhase 'checking what happened'
$queue = $environment | Get-DemoQueue
$status = @($environment | Get-DemoMessageStatus -MessageId $sent.BodyId)
$effects = @($environment | Get-DemoSideEffect)
$received = @(Get-DemoJournal -Kind Received -MessageId $sent.MessageId)
$extended = @(Get-DemoJournal -Kind VisibilityExtended -MessageId $sent.MessageId)
if ($Consumer) {
    # A process's heartbeat is a plain ChangeMessageVisibility: an extension is one that keeps the message hidden (above 0).
    $extended = @(Get-DemoJournal -Kind VisibilityChanged -MessageId $sent.MessageId | Where-Object { $_.VisibilityTimeoutSeconds -gt 0 })
}
$deleted = @(Get-DemoJournal -Kind Deleted -MessageId $sent.MessageId)
$lateDeletes = @(Get-DemoJournal -Kind DeleteMayNotHaveDeleted -MessageId $sent.MessageId)
$processed = @(Get-DemoJournal -Kind Processed -MessageId $sent.MessageId)
# How long the message was held, from its receive to its delete: longer than the visibility timeout.
$held = 0
if ($received.Count -ge 1 -and $deleted.Count -ge 1) {
    $held = ($deleted[0].ScenarioTime - $received[0].ScenarioTime).TotalSeconds
}
$accounting = $environment | Get-DemoAccounting

$environment | New-DemoStandardCheck
New-DemoCheck 'received exactly once in the whole run' -Expected 1 -Actual $received.Count
New-DemoCheck 'the heartbeat extended the visibility' -Expected 1 -Actual $extended.Count -Comparison AtLeast
New-DemoCheck 'held longer than the visibility timeout (s)' -Expected $VisibilityTimeout -Actual $held -Comparison AtLeast
New-DemoCheck 'the delete used a current receipt handle' -Expected 0 -Actual $lateDeletes.Count
if ($Consumer) {
    # A consumer process keeps the status table only if it chooses to: one that keeps none is judged by its calls.
    if ($status.Count -gt 0) {
        New-DemoCheck 'status COMPLETED' -Expected 'COMPLETED' -Actual "$($status.Status)"
        New-DemoCheck 'attempts in the status row' -Expected 1 -Actual $status.Attempts
    }
    New-DemoCheck 'exactly one side effect' -Expected 1 -Actual @($environment | Get-DemoSideEffect -Writes).Count
    New-DemoCheck 'deleted once, no duplicate delivery' -Expected 1 -Actual $deleted.Count
    $environment | New-DemoStandardCheck -Check SideEffectsOnce
}
else {
    New-DemoCheck 'status COMPLETED' -Expected 'COMPLETED' -Actual "$($status.Status)"
    New-DemoCheck 'attempts in the status row' -Expected 1 -Actual $status.Attempts
    New-DemoCheck 'exactly one side effect' -Expected 1 -Actual $effects.Count
    New-DemoCheck 'processed once, no duplicate delivery' -Expected 1 -Actual $processed.Count
    New-DemoCheck 'nothing processed twice' -Expected 0 -Actual $accounting.AppliedMoreThanOnce.Count
}
