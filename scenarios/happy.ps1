<#
.SYNOPSIS
Five messages, one consumer: each processed once, nothing left behind.

.DESCRIPTION
The baseline every failure mode is measured against. A standard queue with a
dead-letter queue (visibility timeout 10 s, long polling 10 s, maxReceiveCount 2)
receives five messages; one consumer processes and deletes them and stops after five
messages or 30 idle seconds. It passes when the consumer ended cleanly, the queue and
the DLQ are empty, and all five were processed (deleted).

.NOTES
Speed: Fast
Proves: Baseline
Judges your consumer: yes (Invoke-DemoScenario -Consumer). A consumer process ends cleanly by exiting 0.
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

# SqsDemo's consumer says why it ended; a process that ends on its own, cleanly, exits 0.
$consumerArgs = @{}
$cleanEndings = 'MessageLimit', 'Idle'
if ($Consumer) { $consumerArgs.Command = $Consumer; $cleanEndings = @('Exited') }

$environment = New-DemoEnvironment -Name happy -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages"
$null = $environment | Send-DemoMessage -Count $MessageCount
Write-DemoPhase 'one consumer processes them'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-1 -MessageLimit $MessageCount -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs

Write-DemoPhase 'checking what happened'
$ending = Get-DemoJournal -Kind ConsumerEnded -Actor consumer-1
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'consumer ended cleanly' -Passed ("$($ending.Ending)" -in $cleanEndings) -Expected ($cleanEndings -join ' or ') -Actual "$($ending.Ending)"
$environment | New-DemoStandardCheck
New-DemoCheck 'messages processed' -Expected $MessageCount -Actual $accounting.Processed
