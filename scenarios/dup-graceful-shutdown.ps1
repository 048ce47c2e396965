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
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 5,
    [double] $SideEffectDelaySeconds = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2
)

$environment = New-DemoEnvironment -Name dup-graceful-shutdown -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages"
$null = $environment | Send-DemoMessage -Count $MessageCount
Write-DemoPhase 'a consumer starts on a slow message'
$job = $environment | Start-DemoConsumer -AsJob -ConsumerId consumer-1 -SideEffectDelaySeconds $SideEffectDelaySeconds
$null = Wait-DemoJournal -Kind Received -Actor consumer-1 -TimeoutSeconds 60
Write-DemoPhase 'Stop-Job: the consumer finishes the message in hand'
$job | Stop-Job
$state = "$($job.State)"
$job | Remove-Job

Write-DemoPhase 'checking what happened'
$ending = Get-DemoJournal -Kind ConsumerEnded -Actor consumer-1
$queue = $environment | Get-DemoQueue
$effects = @($environment | Get-DemoSideEffect)
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'the consumer ended by the stop' -Passed ($state -eq 'Stopped' -and $ending.Ending -eq 'Stopped') -Expected 'Stopped' -Actual "job $state, consumer $($ending.Ending)"
New-DemoCheck 'the in-flight message was finished' -Expected 1 -Actual $accounting.Processed
New-DemoCheck 'exactly one side effect' -Expected 1 -Actual $effects.Count
New-DemoCheck 'messages left for the next consumer' -Expected ($MessageCount - 1) -Actual $queue.Visible
New-DemoCheck 'nothing in flight' -Expected 0 -Actual $queue.InFlight
$environment | New-DemoStandardCheck -Check DeadLetterEmpty, NothingLost
