<#
.SYNOPSIS
Runs the Pester tests (tests/*.Tests.ps1) and writes their totals beside the results file.

.DESCRIPTION
build.ps1 -Task Test runs this in a pwsh process of its own, so that nothing of the build
script's session (Set-StrictMode, preference variables, a module it imported) leaks into the
tests. Pester comes from the NuGet package folder (build.ps1 restores tests/tools, there being
no PowerShell Gallery here), or from -PesterManifest.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ResultsDirectory
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $false
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
# A CI log is no terminal: plain text instead of colour codes.
if ([Console]::IsOutputRedirected) { $configuration.Output.RenderMode = 'Plaintext' }
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path $ResultsDirectory 'pester.xml'
$run = Invoke-Pester -Configuration $configuration

# The totals the build script adds to xunit's; a run that never got here has no file, and counts as failed.
[ordered]@{
    Passed  = $run.PassedCount
    Failed  = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
    Skipped = $run.SkippedCount + $run.NotRunCount
} | ConvertTo-Json | Set-Content -Path (Join-Path $ResultsDirectory 'pester-totals.json') -Encoding utf8
