<#
.SYNOPSIS
Five messages, one consumer: each processed once, nothing left behind.

.DESCRIPTION
The baseline every failure mode is measured against. A standard queue with a
dead-letter queue (visibility timeout 10 s, long polling 10 s, maxReceiveCount 2)
receives five messages; one consumer processes and deletes them and stops after five
messages or 30 idle seconds. It passes when the consumer ended cleanly, the queue and
the DLQ are empty, and all five were processed.

.NOTES
Speed: Fast
#>
[CmdletBinding()]
param(
    [int] $MessageCount = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30
)

$environment = New-DemoEnvironment -Name happy -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $MessageCount messages"
$null = $environment | Send-DemoMessage -Count $MessageCount
Write-DemoPhase 'one consumer processes them'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-1 -MessageLimit $MessageCount -IdleTimeoutSeconds $IdleTimeoutSeconds

Write-DemoPhase 'checking what happened'
$ending = Get-DemoJournal -Kind ConsumerEnded -Actor consumer-1
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'consumer ended cleanly' -Passed ($ending.Ending -in 'MessageLimit', 'Idle') -Expected 'MessageLimit or Idle' -Actual "$($ending.Ending)"
$environment | New-DemoStandardCheck
New-DemoCheck 'messages processed' -Expected $MessageCount -Actual $accounting.Processed
