# tests/clients/node/Restore-NodeClient.ps1, which build.ps1 -Task Test runs so that a fresh clone gets the AWS SDK for
# JavaScript that the Node client test needs: npm ci when node_modules is missing or older than the lock file, and
# nothing otherwise. A stand-in npm (npm.ps1 first on PATH) records its calls, so no registry is asked.

BeforeAll {
    $restore = Join-Path (Split-Path -Parent $PSScriptRoot) 'tests/clients/node/Restore-NodeClient.ps1'
    $bin = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bin')).FullName
    $calls = Join-Path $TestDrive 'npm-calls.txt'
    # npm ci as far as the restore can tell: it writes node_modules/.package-lock.json in the current folder.
    Set-Content -Path (Join-Path $bin 'npm.ps1') -Value @"
Add-Content -Path '$calls' -Value ("`$(`$args -join ' ') in `$(Split-Path -Leaf (Get-Location))")
if (`$env:FAKE_NPM_FAILS) { `$global:LASTEXITCODE = 1; return }
`$null = New-Item -ItemType Directory -Force -Path node_modules
Set-Content -Path node_modules/.package-lock.json -Value '{}'
`$global:LASTEXITCODE = 0
"@

    function New-ClientFolder {
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ('client-' + [guid]::NewGuid().ToString('N')))).FullName
        Set-Content -Path (Join-Path $folder 'package-lock.json') -Value '{}'
        return $folder
    }

    function Get-NpmCalls { if (Test-Path $calls) { @(Get-Content $calls) } else { @() } }

    function Invoke-Restore([string] $Folder, [string] $Path = ($bin + [IO.Path]::PathSeparator + $env:PATH)) {
        $savedPath = $env:PATH
        $env:PATH = $Path
        try { & $restore -Folder $Folder 6>&1 3>&1 | ForEach-Object { "$_" } }
        finally { $env:PATH = $savedPath }
    }
}

Describe 'Restore-NodeClient.ps1 (build.ps1 -Task Test)' {
    BeforeEach { if (Test-Path $calls) { Remove-Item $calls } }

    It 'runs npm ci --no-audit --no-fund in the folder when node_modules is missing' {
        $folder = New-ClientFolder
        Invoke-Restore $folder | Out-Null
        Get-NpmCalls | Should -Be @("ci --no-audit --no-fund in $(Split-Path -Leaf $folder)")
    }

    It 'does nothing when node_modules is as new as the lock file' {
        $folder = New-ClientFolder
        Invoke-Restore $folder | Out-Null
        Remove-Item $calls
        Invoke-Restore $folder | Out-Null
        Get-NpmCalls | Should -BeNullOrEmpty
    }

    It 'runs npm ci again when the lock file changed after the install' {
        $folder = New-ClientFolder
        Invoke-Restore $folder | Out-Null
        (Get-Item -Force (Join-Path $folder 'node_modules/.package-lock.json')).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(-5)
        Invoke-Restore $folder | Out-Null
        (Get-NpmCalls).Count | Should -Be 2
    }

    It 'says the Node test is skipped when npm is not on PATH, and does not fail' {
        $folder = New-ClientFolder
        $empty = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ('empty-' + [guid]::NewGuid().ToString('N')))).FullName
        $said = Invoke-Restore $folder -Path $empty
        $said | Should -BeLike '*npm is not on PATH*skipped*'
        Get-NpmCalls | Should -BeNullOrEmpty
    }

    It 'warns when npm ci fails, so the rest of the suite still runs' {
        $folder = New-ClientFolder
        $env:FAKE_NPM_FAILS = '1'
        try { $said = Invoke-Restore $folder }
        finally { Remove-Item Env:FAKE_NPM_FAILS }
        $said | Should -BeLike '*npm ci failed*exit code 1*'
        Test-Path (Join-Path $folder 'node_modules/.package-lock.json') | Should -BeFalse
    }
}
