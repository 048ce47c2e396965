<#
.SYNOPSIS
Stop-Job as SIGTERM: the consumer finishes the message in hand, then ends cleanly.

.DESCRIPTION
Five messages, a side effect that takes 5 s. Once the consumer has a message in flight it
is asked to stop, as ECS sends SIGTERM before a task is replaced. A graceful consumer
finishes what it holds (side effect, COMPLETED, delete) and receives nothing more. It
passes when the consumer ended by the stop, exactly one side effect exists, four messages
are still in the queue for the next consumer, and the DLQ is empty.

.NOTES
Speed: Fast
Proves: GracefulShutdown
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Stop-Job sends your process SIGTERM (SIGKILL after
its stop timeout) half way through its side effect: it must finish the message in hand, receive nothing more and
exit 0. Its side effects are its writes to the side-effects table.
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 5,
    [double] $SideEffectDelaySeconds = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name dup-graceful-shutdown -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages"
$null = $environment | Send-DemoMessage -Count $MessageCount
Write-DemoPhase 'a consumer starts on a slow message'
$job = $environment | Start-DemoConsumer -AsJob -ConsumerId consumer-1 -SideEffectDelaySeconds $SideEffectDelaySeconds @consumerArgs
$null = Wait-DemoJournal -Kind Received -Actor consumer-1 -TimeoutSeconds 60
if ($Consumer) {
    # The endpoint journals the receive before the process reads its answer: a SIGTERM then would meet a consumer that
    # has not started the message (handing it back is graceful too, but not what this scenario asks). Half the side
    # effect's time later it is surely at work on it.
    Wait-DemoClock -Seconds ($SideEffectDelaySeconds / 2)
}
Write-DemoPhase 'Stop-Job: the consumer finishes the message in hand'
$job | Stop-Job
$state = "$($job.State)"
$job | Remove-Job

Write-DemoPhase 'checking what happened'
$ending = Get-DemoJournal -Kind ConsumerEnded -Actor consumer-1
$queue = $environment | Get-DemoQueue
$effects = @($environment | Get-DemoSideEffect)
$accounting = $environment | Get-DemoAccounting

if ($Consumer) {
    # A process ends gracefully on SIGTERM by exiting 0 (the ending is Stopped either way; a reason names another exit code).
    New-DemoCheck 'the consumer ended by the stop' -Passed ($state -eq 'Stopped' -and $ending.Ending -eq 'Stopped' -and $ending.ExitCode -eq 0) -Expected 'Stopped, exit code 0' -Actual "job $state, consumer $($ending.Ending), exit code $($ending.ExitCode)" -Detail $ending.Reason
}
else {
    New-DemoCheck 'the consumer ended by the stop' -Passed ($state -eq 'Stopped' -and $ending.Ending -eq 'Stopped') -Expected 'Stopped' -Actual "job $state, consumer $($ending.Ending)"
}
New-DemoCheck 'the in-flight message was finished' -Expected 1 -Actual $accounting.Processed
New-DemoCheck 'exactly one side effect' -Expected 1 -Actual $(if ($Consumer) { @($environment | Get-DemoSideEffect -Writes).Count } else { $effects.Count })
New-DemoCheck 'messages left for the next consumer' -Expected ($MessageCount - 1) -Actual $queue.Visible
New-DemoCheck 'nothing in flight' -Expected 0 -Actual $queue.InFlight
$environment | New-DemoStandardCheck -Check DeadLetterEmpty, NothingLost
