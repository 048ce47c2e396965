# Import-Module SqsDemo by name, the README's first line: build.ps1 -Task Install and -Task Package, each proved
# in fresh pwsh processes that see only a temporary modules folder (or a temporary home), never the user's own.

BeforeAll {
    $repository = Split-Path -Parent $PSScriptRoot
    $build = Join-Path $repository 'build.ps1'
    $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $version = (Import-PowerShellDataFile (Join-Path $repository 'SqsDemo.psd1')).ModuleVersion

    # Runs a command in a new pwsh whose environment has the given variables on top of this one's.
    function Invoke-FreshPwsh([string] $Command, [hashtable] $Environment = @{}) {
        $saved = @{}
        foreach ($name in $Environment.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $Environment[$name])
        }
        try {
            $output = & $pwsh -NoProfile -NonInteractive -Command $Command 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

Describe 'build.ps1 -Task Install' {
    # Pester's TestDrive: a folder of this Describe's own, removed after it.
    BeforeAll { $modules = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'modules')).FullName }

    It 'puts the module where a fresh pwsh imports it by name, and Uninstall takes it away' {
        $install = Invoke-FreshPwsh "& '$build' -Task Install -NoBuild -ModulePath '$modules'"
        $install.ExitCode | Should -Be 0 -Because ($install.Output -join "`n")
        Join-Path $modules "SqsDemo/$version/SqsDemo.psd1" | Should -Exist

        $import = Invoke-FreshPwsh "Import-Module SqsDemo -ErrorAction Stop; (Get-Module SqsDemo).ModuleBase; (Invoke-DemoScenario -Name happy -Seed 1).Passed" @{ PSModulePath = $modules }
        $import.ExitCode | Should -Be 0 -Because ($import.Output -join "`n")
        $import.Output[0] | Should -Be (Join-Path $modules "SqsDemo/$version")
        $import.Output[-1] | Should -Be 'True'

        $uninstall = Invoke-FreshPwsh "& '$build' -Task Uninstall -ModulePath '$modules'"
        $uninstall.ExitCode | Should -Be 0
        Join-Path $modules 'SqsDemo' | Should -Not -Exist
        $gone = Invoke-FreshPwsh "Import-Module SqsDemo -ErrorAction Stop" @{ PSModulePath = $modules }
        $gone.ExitCode | Should -Not -Be 0
    }
}

Describe 'build.ps1 -Task Package' {
    BeforeAll { $home2 = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')).FullName }

    It 'makes a .nupkg that Install-PSResource installs from a local folder repository' {
        $package = Invoke-FreshPwsh "& '$build' -Task Package -NoBuild"
        $package.ExitCode | Should -Be 0 -Because ($package.Output -join "`n")
        $nupkg = Join-Path $repository "out/SqsDemo.$version.nupkg"
        $nupkg | Should -Exist

        # A home of its own: the repository registration and the installed module stay out of the user's.
        $isolated = @{ HOME = $home2; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null; PSModulePath = $null }
        $installCommand = "Register-PSResourceRepository -Name SqsDemoLocal -Uri '$(Split-Path $nupkg)' -Trusted; " +
            "Install-PSResource -Name SqsDemo -Repository SqsDemoLocal -Scope CurrentUser -TrustRepository -ErrorAction Stop; " +
            "(Get-InstalledPSResource -Name SqsDemo).Version.ToString()"
        $install = Invoke-FreshPwsh $installCommand $isolated
        $install.ExitCode | Should -Be 0 -Because ($install.Output -join "`n")
        $install.Output[-1] | Should -Be $version

        $import = Invoke-FreshPwsh "Import-Module SqsDemo -ErrorAction Stop; (Get-Module SqsDemo).ModuleBase; (Get-Command -Module SqsDemo).Count" $isolated
        $import.ExitCode | Should -Be 0 -Because ($import.Output -join "`n")
        $import.Output[0] | Should -BeLike "$home2*"
        [int]$import.Output[-1] | Should -Be (Import-PowerShellDataFile (Join-Path $repository 'SqsDemo.psd1')).CmdletsToExport.Count
    }
}

Describe 'The repository manifest before a build' {
    It 'says to run ./build.ps1, with a stable error id' {
        $copy = Join-Path ([IO.Path]::GetTempPath()) ("sqsdemo-unbuilt-" + [guid]::NewGuid().ToString('N'))
        try {
            $null = New-Item -ItemType Directory -Path (Join-Path $copy 'src'), (Join-Path $copy 'module')
            Copy-Item (Join-Path $repository 'SqsDemo.psd1') $copy
            Copy-Item (Join-Path $repository 'src/Assert-ModuleBuilt.psm1') (Join-Path $copy 'src')
            Copy-Item (Join-Path $repository 'module/SqsDemo.Format.ps1xml') (Join-Path $copy 'module')
            $problem = { Import-Module (Join-Path $copy 'SqsDemo.psd1') -ErrorAction Stop } | Should -Throw -ErrorId 'ModuleNotBuilt,Microsoft.PowerShell.Commands.ImportModuleCommand' -PassThru
            $problem.Exception.Message | Should -BeLike '*run ./build.ps1*'
        }
        finally {
            Remove-Module SqsDemo -ErrorAction SilentlyContinue
            Remove-Item $copy -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
