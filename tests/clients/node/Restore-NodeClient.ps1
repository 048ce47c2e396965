<#
.SYNOPSIS
Installs the AWS SDK for JavaScript that tests/clients/node pins, when its node_modules is missing or stale.

.DESCRIPTION
build.ps1 -Task Test runs this before the tests. It runs `npm ci --no-audit --no-fund` in the folder when
node_modules/.package-lock.json (which npm ci writes last) is missing or older than package-lock.json, so that
a fresh clone, or a pull that changed the lock file, gets the pinned packages. Without npm on PATH it says so
and returns: the Node client test is then skipped (CI=true fails it). A failed npm ci is a warning, not an
error, so the rest of the suite still runs; the Node client test reports the missing packages.
#>
[CmdletBinding()]
param(
    # The folder with package.json and package-lock.json.
    [string] $Folder = $PSScriptRoot
)

$installed = Join-Path $Folder 'node_modules/.package-lock.json'
$pinned = Join-Path $Folder 'package-lock.json'
# -Force: a dot file is hidden on Unix.
if ((Test-Path $installed) -and (Get-Item -Force $installed).LastWriteTimeUtc -ge (Get-Item $pinned).LastWriteTimeUtc) { return }
if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
    Write-Host 'npm is not on PATH: the Node client test is skipped (CI=true fails it). Install Node.js 18 or later with npm.'
    return
}
Push-Location $Folder
try {
    npm ci --no-audit --no-fund | Out-Host
    if ($LASTEXITCODE -ne 0) { Write-Warning "npm ci failed in $Folder (exit code $LASTEXITCODE): the Node client test will fail." }
}
finally { Pop-Location }
