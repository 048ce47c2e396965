<#
.SYNOPSIS
Builds, tests and packages the SqsDemo module.

.DESCRIPTION
Build lays the module out in out/SqsDemo (dll, manifest, formats, help, scenarios), so
that both `Import-Module ./SqsDemo.psd1` and `Import-Module ./out/SqsDemo` work.
Test runs `npm ci` in tests/clients/node when its node_modules is missing or older than
its package-lock.json (the AWS SDK for JavaScript, for the Node client test; skipped
without npm), then the xunit suite (engine, hosted PowerShell, scenarios) and then the Pester
tests in tests/*.Tests.ps1 (Pester 5.7.1, restored from NuGet, in a pwsh of its own), and
ends with one line, "N passed, N failed", over both; it exits 1 when anything failed.
Install copies the laid-out module to the current user's modules folder (or -ModulePath),
so that a new session can `Import-Module SqsDemo` by name; Uninstall removes it.
Package makes out/SqsDemo.<version>.nupkg with PSResourceGet's Compress-PSResource, which
Install-PSResource installs from a local folder repository.
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
./build.ps1 -Task Install
# then, in a new pwsh: Import-Module SqsDemo

.EXAMPLE
./build.ps1 -Task Package
Register-PSResourceRepository -Name SqsDemoLocal -Uri ./out -Trusted
Install-PSResource SqsDemo -Repository SqsDemoLocal

.EXAMPLE
./build.ps1 -Task Container
# then: terraform -chdir=terraform apply -var enable_ecs_consumer=true -var ecs_image_tag=<the tag it printed>

.EXAMPLE
./build.ps1 -Task Container -NoPush -ImageTag local
# builds sqsdemo-consumer:local into the local Docker engine, without terraform, AWS or a push
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Install', 'Uninstall', 'Package', 'Container')]
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
    [string] $TerraformDirectory = 'terraform',

    # Install and Uninstall: the modules folder to use instead of the current user's (a folder on PSModulePath).
    [string] $ModulePath,

    # Install and Package: use the module already laid out in out/SqsDemo instead of building first.
    [switch] $NoBuild
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

function Invoke-BuildUnlessLaidOut {
    if (-not $NoBuild) { Invoke-Build; return }
    if (-not (Test-Path (Join-Path $PSScriptRoot 'out/SqsDemo/SqsDemo.dll'))) { throw 'There is no out/SqsDemo to use with -NoBuild: run ./build.ps1 first.' }
}

function Invoke-Test {
    Invoke-Build
    Restore-NodeClient
    $results = Join-Path $PSScriptRoot 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results

    # Both runners run whatever the other found; one closing line adds them up, and any failure exits 1.
    dotnet test SqsDemo.slnx --configuration $Configuration --no-build --nologo --logger 'trx;LogFileName=xunit.trx' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunit = Get-TrxTotals $results
    $pester = Invoke-PesterSuite $results

    Write-Host ("xunit:  {0} passed, {1} failed, {2} skipped" -f $xunit.Passed, $xunit.Failed, $xunit.Skipped)
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $pester.Passed, $pester.Failed, $pester.Skipped)
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    # A runner that crashed or found nothing fails the run even with no failed test to count.
    $broken = $xunitExit -ne 0 -or $xunit.Passed -eq 0 -or $pester.Passed -eq 0
    if ($broken -and $failed -eq 0) { $failed = 1 }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

# The AWS SDK for JavaScript that the Node client test runs, installed as tests/clients/node pins it when missing
# or stale (without npm the test is skipped, and CI=true fails it).
function Restore-NodeClient {
    & (Join-Path $PSScriptRoot 'tests/clients/node/Restore-NodeClient.ps1')
}

# xunit's totals from the trx files of the run (one per test project).
function Get-TrxTotals([string] $Directory) {
    $totals = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in Get-ChildItem -Path $Directory -Filter *.trx -Recurse) {
        $counters = ([xml](Get-Content -Raw -LiteralPath $file.FullName)).TestRun.ResultSummary.Counters
        $totals.Passed += [int]$counters.passed
        $totals.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $totals.Skipped += [int]$counters.notExecuted
    }
    return $totals
}

# The Pester suite in a pwsh of its own (tests/Invoke-PesterSuite.ps1): this script's strict mode and
# preferences stay out of the tests. Pester 5.7.1 comes from NuGet: there is no PowerShell Gallery here.
function Invoke-PesterSuite([string] $Results) {
    $pesterManifest = Get-PesterManifest
    $shell = Get-PowerShellExecutable
    # Out-Host: the suite's lines are for the log, not this function's result.
    & $shell -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'tests/Invoke-PesterSuite.ps1') -PesterManifest $pesterManifest -ResultsDirectory $Results | Out-Host
    $totalsFile = Join-Path $Results 'pester-totals.json'
    if (-not (Test-Path $totalsFile)) {
        Write-Host "Pester ended without totals (exit code $LASTEXITCODE)."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    return Get-Content -Raw $totalsFile | ConvertFrom-Json
}

function Get-PesterManifest {
    Invoke-Native 'dotnet restore tests/tools' { dotnet restore (Join-Path $PSScriptRoot 'tests/tools/PowerShellTools.csproj') --nologo -v q | Out-Host }
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $listed = dotnet nuget locals global-packages --list
        if ($LASTEXITCODE -ne 0) { throw "dotnet nuget locals failed (exit code $LASTEXITCODE)." }
        $packages = ("$listed" -replace '^\s*global-packages:\s*', '').Trim()
    }
    $manifest = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester 5.7.1 was not restored to $manifest." }
    return $manifest
}

# The PowerShell running this script, as an executable: pwsh (a local .NET tool or installed) or Windows PowerShell.
function Get-PowerShellExecutable {
    $name = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'powershell.exe' } elseif ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }
    $path = Join-Path $PSHOME $name
    if (-not (Test-Path $path)) { throw "No $name in $PSHOME to run the Pester tests in a process of their own." }
    return $path
}

# A .nupkg of the laid-out module in out/, made by PSResourceGet (pwsh 7.4+ ships it), which Install-PSResource
# installs from a local folder repository.
function Invoke-Package {
    Invoke-BuildUnlessLaidOut
    if (-not (Get-Command Compress-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Packaging needs Microsoft.PowerShell.PSResourceGet 1.1 or later (it ships with pwsh 7.4+): run ./build.ps1 -Task Package from pwsh.'
    }
    $out = Join-Path $PSScriptRoot 'out'
    $version = (Import-PowerShellDataFile (Join-Path $PSScriptRoot 'SqsDemo.psd1')).ModuleVersion
    $package = Join-Path $out "SqsDemo.$version.nupkg"
    if (Test-Path $package) { Remove-Item $package -Force }
    Compress-PSResource -Path (Join-Path $out 'SqsDemo') -DestinationPath $out
    if (-not (Test-Path $package)) { throw "Compress-PSResource did not write $package." }
    Write-Host "Packaged $package"
    Write-Host "Install it: Register-PSResourceRepository -Name SqsDemoLocal -Uri '$out' -Trusted; Install-PSResource SqsDemo -Repository SqsDemoLocal"
}

# The folder where the current user's PowerShell looks for modules (the first one a fresh session lists).
function Get-UserModulePath {
    if ($ModulePath) { return $ModulePath }
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return Join-Path ([Environment]::GetFolderPath('MyDocuments')) 'WindowsPowerShell/Modules' }
    if ($IsWindows) { return Join-Path ([Environment]::GetFolderPath('MyDocuments')) 'PowerShell/Modules' }
    $dataHome = if ($env:XDG_DATA_HOME) { $env:XDG_DATA_HOME } else { Join-Path $HOME '.local/share' }
    return Join-Path $dataHome 'powershell/Modules'
}

# Copies the laid-out module to <user modules>/SqsDemo/<version>, so a fresh session can `Import-Module SqsDemo`.
function Invoke-Install {
    Invoke-BuildUnlessLaidOut
    $version = (Import-PowerShellDataFile (Join-Path $PSScriptRoot 'SqsDemo.psd1')).ModuleVersion
    $target = Join-Path (Join-Path (Get-UserModulePath) 'SqsDemo') $version
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $target
    Copy-Item -Path (Join-Path $PSScriptRoot 'out/SqsDemo/*') -Destination $target -Recurse
    Write-Host "Installed SqsDemo $version in $target. In a new session: Import-Module SqsDemo"
}

function Invoke-Uninstall {
    $folder = Join-Path (Get-UserModulePath) 'SqsDemo'
    if (-not (Test-Path $folder)) {
        Write-Host "SqsDemo is not installed in $(Get-UserModulePath)."
        return
    }
    Remove-Item $folder -Recurse -Force
    Write-Host "Removed $folder."
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
    'Install' { Invoke-Install }
    'Uninstall' { Invoke-Uninstall }
    'Package' { Invoke-Package }
    'Container' { Invoke-Container }
}
