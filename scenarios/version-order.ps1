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
Judges your consumer: no. It needs SqsDemo's consumer's -Versioning: a versions table and the effect log of
versions seen and applied, which a consumer process is not given (no seeds' variable names them).
#>
[CmdletBinding()]
param(
    [int] $VersionCount = 10,
    [string] $EntityId = 'acct-1',
    [int] $ConsumerCount = 5,
    [int] $VisibilityTimeout = 10,
    [int] $WaitTimeSeconds = 10,
    [int] $MaxReceiveCount = 2,
    [double] $IdleTimeoutSeconds = 30
)

$environment = New-DemoEnvironment -Name version-order -Ledger -VisibilityTimeout $VisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
Write-DemoPhase "sending $VersionCount versions of $EntityId, shuffled"
$bodies = foreach ($v in 1..$VersionCount) { '{"id":"ver-' + $v + '","entity_id":"' + $EntityId + '","version":' + $v + '}' }
$sent = @($bodies | Send-DemoMessage -QueueUrl $environment.QueueUrl -Shuffle)
Write-DemoPhase "$ConsumerCount consumers apply only newer versions"
$jobs = foreach ($i in 1..$ConsumerCount) {
    $environment | Start-DemoConsumer -AsJob -ConsumerId "consumer-$i" -Versioning -IdleTimeoutSeconds $IdleTimeoutSeconds
}
$null = $jobs | Wait-Job
$jobs | Remove-Job

Write-DemoPhase 'checking what happened'
$applied = @($environment | Get-DemoEffectLog applied | ForEach-Object { [int]$_.Value })
$seen = @($environment | Get-DemoEffectLog seen | ForEach-Object { [int]$_.Value })
$increasing = $true
for ($i = 1; $i -lt $applied.Count; $i++) { if ($applied[$i] -le $applied[$i - 1]) { $increasing = $false } }
$final = $environment | Get-DemoEntityVersion -EntityId $EntityId
$queue = $environment | Get-DemoQueue
$accounting = $environment | Get-DemoAccounting

New-DemoCheck 'sent out of order' -Passed ((@($sent | ForEach-Object BodyId) -join ',') -ne (@(1..$VersionCount | ForEach-Object { "ver-$_" }) -join ',')) -Expected 'a shuffled order' -Actual (@($sent | ForEach-Object { $_.BodyId -replace 'ver-', 'v' }) -join ' ')
New-DemoCheck 'applied versions strictly increasing' -Passed $increasing -Expected 'increasing' -Actual ($applied -join ' ')
New-DemoCheck 'final state is the newest version' -Expected $VersionCount -Actual $final.Version
New-DemoCheck 'every version seen' -Expected @(1..$VersionCount) -Actual $seen -Comparison SameSet
$environment | New-DemoStandardCheck
