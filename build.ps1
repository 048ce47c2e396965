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
The repository's tags are immutable (terraform/ecs.tf), so a tag is pushed once: the
default tag is the commit, and a commit already in the repository is not built or pushed
again; uncommitted changes get a tag of their own per build (<commit>-dirty-<UTC time>);
an -ImageTag that is already there stops the script before it builds.

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

    # Container: the image's tag; by default the commit's short hash, and for uncommitted changes
    # <hash>-dirty-<yyyyMMdd-HHmmss, UTC>: the ECR repository's tags are immutable, so each dirty build needs a tag
    # of its own (a second push of <hash>-dirty would be refused).
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

# The tag for the checkout: its commit, and for uncommitted changes the commit and the build's time, since the ECR
# repository's tags are immutable and each build of a dirty tree is another image.
function Get-CommitTag {
    Assert-Tool git 'to tag the image with the commit (or give -ImageTag)'
    # The exit code first: a failed git prints nothing to stdout, and $null.Trim() would hide why.
    $commit = git rev-parse --short=12 HEAD
    if ($LASTEXITCODE -ne 0 -or -not $commit) { throw "git rev-parse failed (exit code $LASTEXITCODE; not a git checkout, or no commit yet): give -ImageTag." }
    $tag = "$commit".Trim()
    $changes = git status --porcelain
    if ($LASTEXITCODE -ne 0) { throw "git status failed (exit code $LASTEXITCODE): give -ImageTag." }
    if ($changes) { $tag += '-dirty-' + [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss', [Globalization.CultureInfo]::InvariantCulture) }
    return $tag
}

# Whether the repository already holds the tag. describe-images fails (ImageNotFoundException) when it does not; any
# other failure is left to the login and push that follow, which report it.
function Test-EcrImage([string] $Region, [string] $Repository, [string] $Tag) {
    $found = & {
        # Windows PowerShell turns a native command's redirected stderr into errors, which 'Stop' would throw.
        $ErrorActionPreference = 'Continue'
        aws ecr describe-images --region $Region --repository-name $Repository --image-ids "imageTag=$Tag" --query 'imageDetails[0].imageDigest' --output text 2>$null
    }
    return ($LASTEXITCODE -eq 0 -and $found -and ("$found".Trim() -notin @('', 'None')))
}

function Invoke-Container {
    Assert-Tool docker 'to build the image (with buildx, and a running Docker engine)'
    $fromCommit = -not $ImageTag
    if ($fromCommit) { $ImageTag = Get-CommitTag }

    if ($NoPush) {
        $image = "sqsdemo-consumer:$ImageTag"
        Invoke-Native 'docker buildx build' { docker buildx build --platform linux/amd64 --tag $image --load $PSScriptRoot }
        Write-Host "Built $image (not pushed)."
        return
    }

    Assert-Tool terraform "to read the ECR repository from $TerraformDirectory's outputs"
    Assert-Tool aws 'to log in to ECR (aws ecr get-login-password)'
    # The exit code before the JSON: a failed terraform prints no JSON, and ConvertFrom-Json's complaint would hide why.
    $json = terraform "-chdir=$TerraformDirectory" output -json
    if ($LASTEXITCODE -ne 0) { throw "terraform output failed in $TerraformDirectory (exit code $LASTEXITCODE): terraform init and apply it first." }
    $outputs = ($json -join "`n") | ConvertFrom-Json
    $repository = if ($outputs.PSObject.Properties['ecr_repository_url']) { $outputs.ecr_repository_url.value }
    if (-not $repository) {
        throw "$TerraformDirectory has no ECR repository: terraform apply -var enable_ecs_consumer=true first (or use -NoPush)."
    }
    $region = $outputs.aws_region.value
    $registry = $repository.Split('/')[0]
    $image = "${repository}:$ImageTag"
    $run = "terraform -chdir=$TerraformDirectory apply -var enable_ecs_consumer=true -var ecs_image_tag=$ImageTag"

    # Tags are immutable there: a push of a tag it holds would be refused after the whole build.
    if (Test-EcrImage -Region $region -Repository $repository.Substring($registry.Length + 1) -Tag $ImageTag) {
        if (-not $fromCommit) { throw "$image is already in ECR, whose tags are immutable: give another -ImageTag (or none: the commit's)." }
        Write-Host "$image is already in ECR (this commit was pushed before): nothing to build."
        Write-Host "Run it: $run"
        return
    }

    # The password goes from one program to the other through the pipe, never onto a command line or the screen.
    Invoke-Native 'docker login to ECR' { aws ecr get-login-password --region $region | docker login --username AWS --password-stdin $registry }
    Invoke-Native 'docker buildx build --push' { docker buildx build --platform linux/amd64 --tag $image --push $PSScriptRoot }
    Write-Host "Pushed $image."
    Write-Host "Run it: $run"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Container' { Invoke-Container }
}
