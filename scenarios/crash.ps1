<#
.SYNOPSIS
A consumer crashes holding the message; after the visibility timeout another one processes it.

.DESCRIPTION
One message. Consumer A crashes right after receiving it: nothing after the crash runs,
so the message is neither processed nor deleted and stays in flight. After the
visibility timeout (the scenario waits 15 s) consumer B receives the same message
again and processes it. It passes when A ended by crash and B cleanly, the queue and
DLQ are empty, and the message was received twice and processed once.

.NOTES
Speed: Fast
Proves: CrashRecovery
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Consumer A's process is killed (SIGKILL) right after its
ReceiveMessage; "processed once" is then "deleted once, by B": the broker sees where a process's work on it ended.
#>
[CmdletBinding()]
param(
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $WaitAfterCrashSeconds = 15,
    [double] $IdleTimeoutSeconds = 30,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

# SqsDemo's consumer says why it ended; a process that ends on its own, cleanly, exits 0.
$consumerArgs = @{}
$cleanEndings = 'MessageLimit', 'Idle'
if ($Consumer) { $consumerArgs.Command = $Consumer; $cleanEndings = @('Exited') }

$environment = New-DemoEnvironment -Name crash -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase 'sending one message'
$sent = $environment | Send-DemoMessage -Count 1

Write-DemoPhase 'consumer A receives it and crashes'
# A crashes (a process is killed there): Start-DemoConsumer reports it as a non-terminating ConsumerCrashed error.
$null = $environment | Start-DemoConsumer -ConsumerId consumer-a -CrashAfterReceive -IdleTimeoutSeconds $IdleTimeoutSeconds -ErrorAction SilentlyContinue -ErrorVariable crashErrors @consumerArgs
Write-DemoPhase 'waiting out the visibility timeout'
Wait-DemoClock -Seconds $WaitAfterCrashSeconds
Write-DemoPhase 'consumer B receives it again and processes it'
$null = $environment | Start-DemoConsumer -ConsumerId consumer-b -MessageLimit 1 -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs

Write-DemoPhase 'checking what happened'
$endingA = Get-DemoJournal -Kind ConsumerEnded -Actor consumer-a
$endingB = Get-DemoJournal -Kind ConsumerEnded -Actor consumer-b
$received = @(Get-DemoJournal -Kind Received -MessageId $sent.MessageId)
$processed = @(Get-DemoJournal -Kind Processed -MessageId $sent.MessageId)
$deleted = @(Get-DemoJournal -Kind Deleted -MessageId $sent.MessageId)
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'consumer A ended by crash' -Passed ($endingA.Ending -eq 'Crashed' -and $crashErrors.Count -eq 1) -Expected 'Crashed' -Actual "$($endingA.Ending)" -Detail $endingA.Reason
New-DemoCheck 'consumer B ended cleanly' -Passed ("$($endingB.Ending)" -in $cleanEndings) -Expected ($cleanEndings -join ' or ') -Actual "$($endingB.Ending)"
$environment | New-DemoStandardCheck
New-DemoCheck 'received twice (A, then B)' -Expected @('consumer-a', 'consumer-b') -Actual @($received | ForEach-Object Actor)
if ($Consumer) {
    # A process reports no Processed: its delete is where its work on the message ended.
    New-DemoCheck 'deleted once, by B' -Expected @('consumer-b') -Actual @($deleted | ForEach-Object Actor)
}
else {
    New-DemoCheck 'processed once' -Expected 1 -Actual $processed.Count
}
