<#
.SYNOPSIS
Versions of one entity arrive shuffled; consumers apply a version only if it is newer than the stored one.

.DESCRIPTION
A standard queue gives no order. Versions 1 to 10 of one entity are sent shuffled, and
five consumers race through them. Each consumer logs the version it sees, then applies
it with a conditional update (only if newer than the stored version), so a late, older
version never overwrites a newer one. It passes when the applied versions are strictly
increasing, the final state is version 10, every version was seen, and the queue and DLQ
are empty.

.NOTES
Speed: Fast
Proves: Ordering
Judges your consumer: yes (Invoke-DemoScenario -Consumer). Your consumer is given ENTITY_VERSIONS_TABLE (key
entity_id, the version in the number attribute version) and VERSIONING_ENABLED; the versions applied are its
successful writes to that table as the endpoint took them, in that order (a refused conditional update wrote
nothing), and every version must have been received.
#>
[CmdletBinding()]
param(
    [int] $VersionCount = 10,
    [string] $EntityId = 'acct-1',
    [int] $ConsumerCount = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30,
    # Your consumer's command line (Invoke-DemoScenario -Consumer), run in place of SqsDemo's consumer.
    [string] $Consumer
)

$consumerArgs = @{}
if ($Consumer) { $consumerArgs.Command = $Consumer }

$environment = New-DemoEnvironment -Name version-order -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $VersionCount versions of $EntityId, shuffled"
$bodies = foreach ($v in 1..$VersionCount) { '{"id":"ver-' + $v + '","entity_id":"' + $EntityId + '","version":' + $v + '}' }
$sent = @($bodies | Send-DemoMessage -QueueUrl $environment.QueueUrl -Shuffle)
Write-DemoPhase "$ConsumerCount consumers apply only newer versions"
$jobs = foreach ($i in 1..$ConsumerCount) {
    $environment | Start-DemoConsumer -AsJob -ConsumerId "consumer-$i" -Versioning -IdleTimeoutSeconds $IdleTimeoutSeconds @consumerArgs
}
$null = $jobs | Wait-Job
$jobs | Remove-Job

Write-DemoPhase 'checking what happened'
if ($Consumer) {
    # A process's versions are its successful writes to the versions table, as the endpoint took them.
    $entityKey = "$($environment.VersionsTable)/$EntityId"
    $writes = @(Get-DemoJournal -Kind TableRequest | Where-Object { -not $_.ErrorCode -and $_.ItemKeys } | ForEach-Object {
        for ($k = 0; $k -lt $_.ItemKeys.Count; $k++) {
            if ($_.ItemKeys[$k] -ne $entityKey) { continue }
            $values = if ($_.ItemValues) { $_.ItemValues[$k] }
            [pscustomobject]@{
                Version   = if ($values -and $values.ContainsKey('version')) { [long]$values['version'] } else { $null }
                Actor     = $_.Actor
                Operation = $_.Operation
                At        = $_.ScenarioTime.TotalSeconds
            }
        }
    })
    $applied = @($writes | ForEach-Object { if ($null -eq $_.Version) { '?' } else { $_.Version } })
    $seen = @(Get-DemoJournal -Kind Received -QueueUrl $environment.QueueUrl | ForEach-Object { [int]($_.BodyId -replace '^ver-', '') } | Sort-Object -Unique)
}
else {
    $writes = @()
    $applied = @($environment | Get-DemoEffectLog applied | ForEach-Object { [int]$_.Value })
    $seen = @($environment | Get-DemoEffectLog seen | ForEach-Object { [int]$_.Value })
}
$increasing = $true
$backwards = $null
for ($i = 1; $i -lt $applied.Count; $i++) {
    if ($applied[$i] -is [string] -or $applied[$i - 1] -is [string] -or $applied[$i] -le $applied[$i - 1]) {
        $increasing = $false
        if ($null -eq $backwards -and $writes.Count -gt $i) { $backwards = $i }
    }
}
# Which write went backwards, as the endpoint saw it: the consumer, the call and when, after which newer one.
$detail = $null
if ($null -ne $backwards) {
    $late = $writes[$backwards]
    $before = $writes[$backwards - 1]
    $detail = 'version {0} of {1} written by {2} ({3}) at {4:0.0} s, after version {5} written by {6} ({7}) at {8:0.0} s' -f `
        $late.Version, $EntityId, $late.Actor, $late.Operation, $late.At, $before.Version, $before.Actor, $before.Operation, $before.At
}
elseif ($Consumer) { $detail = "$($writes.Count) write(s) to $($environment.VersionsTable), as the endpoint took them" }
$final = $environment | Get-DemoEntityVersion -EntityId $EntityId
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'sent out of order' -Passed ((@($sent | ForEach-Object BodyId) -join ',') -ne (@(1..$VersionCount | ForEach-Object { "ver-$_" }) -join ',')) -Expected 'a shuffled order' -Actual (@($sent | ForEach-Object { $_.BodyId -replace 'ver-', 'v' }) -join ' ')
New-DemoCheck 'applied versions strictly increasing' -Passed $increasing -Expected 'increasing' -Actual ($applied -join ' ') -Detail $detail
New-DemoCheck 'final state is the newest version' -Expected $VersionCount -Actual $final.Version
New-DemoCheck 'every version seen' -Expected @(1..$VersionCount) -Actual $seen -Comparison SameSet -Detail $(if ($Consumer) { 'received by the consumers, from the broker' })
$environment | New-DemoStandardCheck
