<#
.SYNOPSIS
Builds, tests and packages the SqsDemo module.

.DESCRIPTION
Build lays the module out in out/SqsDemo (dll, manifest, formats, help, scenarios), so
that both `Import-Module ./SqsDemo.psd1` and `Import-Module ./out/SqsDemo` work.
Test runs the xunit suite (engine, hosted PowerShell, scenarios) and then the Pester
tests in tests/*.Tests.ps1. Package zips the laid-out module.

.EXAMPLE
./build.ps1

.EXAMPLE
./build.ps1 -Task Test -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Set-Location $PSScriptRoot

function Invoke-Native([string] $Description, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Description failed (exit code $LASTEXITCODE)." }
}

function Invoke-Build {
    Invoke-Native 'dotnet build' { dotnet build SqsDemo.slnx --configuration $Configuration --nologo }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $PSScriptRoot 'TestResults'
    Invoke-Native 'dotnet test' {
        dotnet test SqsDemo.slnx --configuration $Configuration --no-build --nologo --logger 'trx;LogFileName=xunit.trx' --results-directory $results
    }
    if (-not (Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.0.0')) {
        throw 'Pester 5 is required for the PowerShell tests: Install-Module Pester -MinimumVersion 5.0.0 -Scope CurrentUser'
    }
    Import-Module Pester -MinimumVersion 5.0.0
    $pester = New-PesterConfiguration
    $pester.Run.Path = Join-Path $PSScriptRoot 'tests'
    $pester.Run.Exit = $false
    $pester.Run.PassThru = $true
    $pester.Output.Verbosity = 'Detailed'
    $pester.TestResult.Enabled = $true
    $pester.TestResult.OutputPath = Join-Path $results 'pester.xml'
    $run = Invoke-Pester -Configuration $pester
    if ($run.FailedCount -gt 0 -or $run.Result -ne 'Passed') { throw "Pester: $($run.FailedCount) test(s) failed." }
}

function Invoke-Package {
    Invoke-Build
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'SqsDemo.psd1')
    $zip = Join-Path $PSScriptRoot "out/SqsDemo-$($manifest.ModuleVersion).zip"
    Compress-Archive -Path (Join-Path $PSScriptRoot 'out/SqsDemo') -DestinationPath $zip -Force
    Write-Host "Packaged $zip"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
}
