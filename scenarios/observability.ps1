<#
.SYNOPSIS
The consumers go down while a producer runs: the depth and age alarms go to ALARM during the outage and back to OK after it, the DLQ alarm fires on the first dead letter.

.DESCRIPTION
An operator's view of an outage, with CloudWatch-style alarms (New-DemoAlarm) on the queue:
depth (ApproximateNumberOfMessagesVisible), age of the oldest message
(ApproximateAgeOfOldestMessage), and on the dead-letter queue ApproximateNumberOfMessagesVisible
> 0. A producer sends steadily, every Nth message poison. Consumers keep up for a while,
then stop for an outage while the producer goes on, then come back and drain the backlog.
The checks read the alarms' history (Get-DemoAlarm -History): neither the depth nor the age
alarm fired before the outage; both went to ALARM during it and back to OK after recovery;
the DLQ alarm went to ALARM no earlier than the first dead-letter move (the journal's
MovedToDeadLetterQueue) and within two periods of it. Nothing is lost and the DLQ holds
exactly the poison messages.

.NOTES
Speed: Slow
Proves: Throughput
Judges your consumer: no. The outage is SqsDemo's consumers stopped and started again.
On an endpoint or AWS the gauges are the queues' attributes, sampled once a minute of wall time, so periods stay at
60 s and the phases a few minutes long. SQS moves a message to the DLQ silently there: the first move is placed
after the first poison message's last allowed receive, within a visibility timeout and a receive wait of it. The
age of the oldest message is replayed from the journal, which cannot see those moves either: keep MaxReceiveCount at
3 or more there, so that CloudWatch's poison-pill rule leaves a message waiting for its move out of the age.
#>
[CmdletBinding()]
param(
    # Messages per scenario second, every PoisonEvery-th one poison.
    [double] $Rate = 1,
    [int] $PoisonEvery = 25,
    [int] $Consumers = 2,
    [int] $MaxMessages = 10,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    # 3: CloudWatch's age of the oldest message leaves out a message received three times (its poison-pill rule),
    # so a poison message waiting for its move does not hold the age alarm up.
    [int] $MaxReceiveCount = 3,
    [double] $IdleTimeoutSeconds = 30,
    # The phases, in scenario seconds: consumers up, consumers down, consumers back with the producer still on.
    [double] $HealthySeconds = 120,
    [double] $OutageSeconds = 300,
    [double] $RecoverySeconds = 120,
    # The alarms: one period for all, depth over DepthThreshold for DepthEvaluationPeriods periods,
    # the oldest message older than AgeThresholdSeconds, the DLQ holding any message.
    [int] $PeriodSeconds = 60,
    [double] $DepthThreshold = 30,
    [int] $DepthEvaluationPeriods = 2,
    [double] $AgeThresholdSeconds = 90,
    # How long to wait, after the backlog drained, for the depth and age alarms to go back to OK.
    [double] $SettleTimeoutSeconds = 600
)

function Get-ScenarioSecond { (Get-DemoBackend).ScenarioTime.TotalSeconds }

function Start-Pool([string] $Prefix) {
    foreach ($n in 1..$Consumers) {
        $environment | Start-DemoConsumer -ConsumerId "$Prefix-$n" -MaxMessages $MaxMessages -IdleTimeoutSeconds $IdleTimeoutSeconds -AsJob
    }
}

$environment = New-DemoEnvironment -Name observability -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
$depthAlarm = 'observability-depth'
$ageAlarm = 'observability-age'
$dlqAlarm = 'observability-dlq'
$alarm = @{ PeriodSeconds = $PeriodSeconds; Force = $true }
$null = $environment | New-DemoAlarm $depthAlarm -MetricName ApproximateNumberOfMessagesVisible -Threshold $DepthThreshold -EvaluationPeriods $DepthEvaluationPeriods @alarm
$null = $environment | New-DemoAlarm $ageAlarm -MetricName ApproximateAgeOfOldestMessage -Threshold $AgeThresholdSeconds @alarm
$null = New-DemoAlarm $dlqAlarm -QueueUrl $environment.DeadLetterQueueUrl -MetricName ApproximateNumberOfMessagesVisible -Threshold 0 @alarm

Write-DemoPhase "a producer sends $Rate message(s) a second, every $PoisonEvery th poison; $Consumers consumers keep up"
$producer = $environment | Start-DemoProducer -Rate $Rate -PoisonEvery $PoisonEvery -Name observability-producer -AsJob
$pool = @(Start-Pool healthy)
Wait-DemoClock -Seconds $HealthySeconds

Write-DemoPhase "outage: the consumers are down for $OutageSeconds s, the producer goes on"
$pool | Stop-Job
$outageStart = Get-ScenarioSecond
Wait-DemoClock -Seconds $OutageSeconds

Write-DemoPhase "recovery: $Consumers consumers come back and drain the backlog"
$recoveryStart = Get-ScenarioSecond
$pool += Start-Pool recovered
Wait-DemoClock -Seconds $RecoverySeconds
$producer | Stop-Job
$sent = @($producer | Receive-Job -Keep)
$null = $pool | Wait-Job

Write-DemoPhase 'waiting for the depth and age alarms to settle'
$settleBy = (Get-ScenarioSecond) + $SettleTimeoutSeconds
while (@(Get-DemoAlarm $depthAlarm, $ageAlarm | Where-Object State -ne 'OK').Count -gt 0 -and (Get-ScenarioSecond) -lt $settleBy) {
    Wait-DemoClock -Seconds $PeriodSeconds
}

Write-DemoPhase 'checking what happened'
$history = @(Get-DemoAlarm -History)
function Get-Change([string] $Name, [string] $NewState) { @($history | Where-Object { $_.AlarmName -eq $Name -and "$($_.NewState)" -eq $NewState }) }
function Format-Change($Change) { if ($Change) { '{0:0} s' -f $Change.ScenarioSeconds } else { 'never' } }

# An evaluation at a period's end judges the samples inside it: an outage's last period is judged just after recovery began.
$outageEnd = $recoveryStart + $PeriodSeconds
foreach ($name in $depthAlarm, $ageAlarm) {
    $alarmed = Get-Change $name 'ALARM'
    $early = @($alarmed | Where-Object ScenarioSeconds -lt $outageStart)
    $during = @($alarmed | Where-Object { $_.ScenarioSeconds -ge $outageStart -and $_.ScenarioSeconds -le $outageEnd })[0]
    $ok = @(Get-Change $name 'OK' | Where-Object ScenarioSeconds -gt $recoveryStart)[0]
    New-DemoCheck "$name stayed OK before the outage" -Expected 0 -Actual $early.Count -Detail $(if ($early) { 'ALARM at ' + (($early | ForEach-Object { Format-Change $_ }) -join ', ') })
    New-DemoCheck "$name went to ALARM during the outage" -Passed ($null -ne $during) -Expected ('between {0:0} s and {1:0} s' -f $outageStart, $outageEnd) -Actual (Format-Change $during) -Detail $during.Reason
    New-DemoCheck "$name went back to OK after recovery" -Passed ($null -ne $ok -and "$((Get-DemoAlarm $name).State)" -eq 'OK') -Expected ('OK after {0:0} s' -f $recoveryStart) -Actual (Format-Change $ok) -Detail $ok.Reason
}

# The first dead letter: the broker's move where it reports one; elsewhere SQS moves silently, and a poison message
# cannot be moved before its last allowed receive.
function Get-EarliestSecond($Events) {
    $earliest = $null
    foreach ($e in $Events) { if ($null -eq $earliest -or $e.ScenarioTime -lt $earliest) { $earliest = $e.ScenarioTime } }
    if ($null -ne $earliest) { $earliest.TotalSeconds }
}
$moves = @(Get-DemoJournal -Kind MovedToDeadLetterQueue)
$firstMove = if ($moves) { Get-EarliestSecond $moves } else {
    Get-EarliestSecond @(Get-DemoJournal -Kind Received -QueueUrl $environment.QueueUrl | Where-Object { $_.ReceiveCount -ge $MaxReceiveCount -and $_.BodyId -in @($sent | Where-Object Poison | ForEach-Object BodyId) })
}
$dlqFired = @(Get-Change $dlqAlarm 'ALARM')[0]
$moveKind = if ($moves) { 'first MovedToDeadLetterQueue' } else { 'first poison message''s last allowed receive' }
# The gauge is sampled each minute and judged at the end of the period holding the sample: two periods at most. A
# silent move comes at the first receive after the last allowed one's visibility ran out: that much later again.
$within = 2 * $PeriodSeconds + $(if ($moves) { 0 } else { $VisibilityTimeout + $WaitTimeSeconds })
New-DemoCheck 'the DLQ alarm fired on the first dead letter' -Passed ($null -ne $dlqFired -and $null -ne $firstMove -and $dlqFired.ScenarioSeconds -ge $firstMove -and $dlqFired.ScenarioSeconds -le $firstMove + $within) `
    -Expected ('ALARM within {0} s after the {1} ({2})' -f $within, $moveKind, $(if ($null -ne $firstMove) { '{0:0.0} s' -f $firstMove } else { 'none' })) -Actual (Format-Change $dlqFired) -Detail $dlqFired.Reason

$poisonIds = @($sent | Where-Object Poison | ForEach-Object BodyId)
$accounting = $environment | Get-DemoAccounting
$environment | New-DemoStandardCheck -Check Drained, NothingLost
New-DemoCheck 'DLQ holds exactly the poison messages' -Expected $poisonIds -Actual $accounting.DeadLetterIds -Comparison SameSet

[pscustomobject]@{
    Sent          = $accounting.Sent
    Poison        = $poisonIds.Count
    DeadLettered  = $accounting.DeadLettered
    OutageStart   = [timespan]::FromSeconds($outageStart)
    RecoveryStart = [timespan]::FromSeconds($recoveryStart)
    AlarmChanges  = $history.Count
}
