<#
.SYNOPSIS
Builds, tests and packages the SqsDemo module.

.DESCRIPTION
Build lays the module out in out/SqsDemo (dll, manifest, formats, help, scenarios), so
that both `Import-Module ./SqsDemo.psd1` and `Import-Module ./out/SqsDemo` work.
Test runs the xunit suite (engine, hosted PowerShell, scenarios) and then the Pester
tests in tests/*.Tests.ps1. Package zips the laid-out module.
Container builds the consumer image (the Dockerfile) for linux/amd64 with docker buildx
and pushes it to the ECR repository that terraform/ made (terraform output
ecr_repository_url, after an apply with enable_ecs_consumer = true), logging in with
`aws ecr get-login-password`. It prints the tag to give terraform as ecs_image_tag.

.EXAMPLE
./build.ps1

.EXAMPLE
./build.ps1 -Task Test -Configuration Debug

.EXAMPLE
./build.ps1 -Task Container
# then: terraform -chdir=terraform apply -var enable_ecs_consumer=true -var ecs_image_tag=<the tag it printed>

.EXAMPLE
./build.ps1 -Task Container -NoPush -ImageTag local
# builds sqsdemo-consumer:local into the local Docker engine, without terraform, AWS or a push
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Container')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Container: the image's tag; by default the commit's short hash (with -dirty for uncommitted changes), since
    # the ECR repository's tags are immutable.
    [ValidatePattern('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$')]
    [string] $ImageTag,

    # Container: build into the local Docker engine (--load) instead of pushing to ECR.
    [switch] $NoPush,

    # Container: the Terraform folder whose outputs name the repository and region.
    [string] $TerraformDirectory = 'terraform'
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

function Assert-Tool([string] $Name, [string] $Why) {
    if (-not (Get-Command $Name -ErrorAction SilentlyContinue)) { throw "$Name is needed $Why, and is not on PATH." }
}

function Invoke-Container {
    Assert-Tool docker 'to build the image (with buildx, and a running Docker engine)'
    if (-not $ImageTag) {
        Assert-Tool git 'to tag the image with the commit (or give -ImageTag)'
        $ImageTag = (git rev-parse --short=12 HEAD).Trim()
        if ($LASTEXITCODE -ne 0) { throw 'git rev-parse failed: give -ImageTag.' }
        if (git status --porcelain) { $ImageTag += '-dirty' }
    }

    if ($NoPush) {
        $image = "sqsdemo-consumer:$ImageTag"
        Invoke-Native 'docker buildx build' { docker buildx build --platform linux/amd64 --tag $image --load $PSScriptRoot }
        Write-Host "Built $image (not pushed)."
        return
    }

    Assert-Tool terraform "to read the ECR repository from $TerraformDirectory's outputs"
    Assert-Tool aws 'to log in to ECR (aws ecr get-login-password)'
    $outputs = terraform "-chdir=$TerraformDirectory" output -json | ConvertFrom-Json
    if ($LASTEXITCODE -ne 0) { throw "terraform output failed in ${TerraformDirectory}: apply it first." }
    $repository = if ($outputs.PSObject.Properties['ecr_repository_url']) { $outputs.ecr_repository_url.value }
    if (-not $repository) {
        throw "$TerraformDirectory has no ECR repository: terraform apply -var enable_ecs_consumer=true first (or use -NoPush)."
    }
    $region = $outputs.aws_region.value
    $registry = $repository.Split('/')[0]
    $image = "${repository}:$ImageTag"

    # The password goes from one program to the other through the pipe, never onto a command line or the screen.
    Invoke-Native 'docker login to ECR' { aws ecr get-login-password --region $region | docker login --username AWS --password-stdin $registry }
    Invoke-Native 'docker buildx build --push' { docker buildx build --platform linux/amd64 --tag $image --push $PSScriptRoot }
    Write-Host "Pushed $image."
    Write-Host "Run it: terraform -chdir=$TerraformDirectory apply -var enable_ecs_consumer=true -var ecs_image_tag=$ImageTag"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Container' { Invoke-Container }
}
