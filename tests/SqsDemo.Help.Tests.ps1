# Pester 5 checks of the module's help, in the style of PSScriptAnalyzer's ModuleHelp.Tests.ps1:
# every exported command (enumerated from the module) has a real synopsis, a description, at
# least two examples with code that parses and calls the module's cmdlets with parameters they
# have, and documents exactly its own parameters as the code declares them; and
# about_SqsDemo is found. The same checks run without pwsh in xunit
# (tests/SqsDemo.Tests/Module/HelpTests.cs). Run with ./build.ps1 -Task Test.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1') -Force
    $commands = @(Get-Command -Module SqsDemo | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1') -Force

    # Parameters PowerShell adds to every cmdlet (and to ShouldProcess ones): not the module's to describe.
    $script:commonParameters = @(
        'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable',
        'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm'
    )

    # How help names a type: its full name; Nullable<T> as System.Nullable`1[T].
    function script:Get-HelpTypeName([type] $Type) {
        $inner = [Nullable]::GetUnderlyingType($Type)
        if ($inner) { "System.Nullable``1[$($inner.FullName)]" } else { $Type.FullName }
    }

    function script:Get-PipelineInput($Sets) {
        $kinds = @()
        if (@($Sets | Where-Object ValueFromPipeline).Count) { $kinds += 'ByValue' }
        if (@($Sets | Where-Object ValueFromPipelineByPropertyName).Count) { $kinds += 'ByPropertyName' }
        if ($kinds.Count) { "True ($($kinds -join ', '))" } else { 'False' }
    }

    function script:Get-Text($Items) {
        (@($Items) | Where-Object { $_ } | ForEach-Object { if ($_.Text) { $_.Text } else { "$_" } }) -join "`n"
    }
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command -Name $Name -Module SqsDemo
        $help = Get-Help -Name $Name -Full
        $ownParameters = @($command.Parameters.Values | Where-Object Name -NotIn $commonParameters)
        $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
    }

    It 'has a synopsis that is not the generated syntax' {
        # Without a help file, Get-Help makes the synopsis from the syntax: "Name [-Param <T>] [<CommonParameters>]".
        "$($help.Synopsis)".Trim() | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '\[<CommonParameters>\]'
        $help.Synopsis | Should -Not -BeLike "$Name*"
    }

    It 'has a description' {
        $description = (Get-Text $help.description).Trim()
        $description | Should -Not -BeNullOrEmpty
        $description | Should -Not -Be "$($help.Synopsis)".Trim()
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($help.examples.example | Where-Object { $_ })
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because "$($example.title) needs code"
            (Get-Text $example.remarks).Trim() | Should -Not -BeNullOrEmpty -Because "$($example.title) needs remarks"
        }
    }

    It 'has examples that parse and give SqsDemo cmdlets only parameters they have' {
        # Help outlives renames: an example calling a parameter that no longer exists teaches what fails.
        $exported = @((Get-Module SqsDemo).ExportedCommands.Keys)
        foreach ($example in @($help.examples.example | Where-Object { $_ })) {
            $tokens = $null
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput("$($example.code)", [ref] $tokens, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "$($example.title) must parse"
            foreach ($call in $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $called = $call.GetCommandName()
                if (-not $called -or $exported -notcontains $called) { continue }
                $names = @((Get-Command -Name $called -Module SqsDemo).Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
                $given = @($call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName)
                foreach ($parameter in $given) {
                    # PowerShell binds a unique prefix of a name too.
                    $prefixed = @($names | Where-Object { $_ -like "$parameter*" })
                    ($names -contains $parameter -or $prefixed.Count -eq 1) | Should -BeTrue -Because "$($example.title) calls $called -$parameter"
                }
            }
        }
    }

    It 'describes every parameter' {
        foreach ($parameter in $ownParameters) {
            $documented = $helpParameters | Where-Object name -EQ $parameter.Name
            $documented | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) must be in the help"
            (Get-Text $documented.description).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
        }
    }

    It 'documents no parameter the command does not have' {
        foreach ($documented in $helpParameters) {
            $command.Parameters.Keys | Should -Contain $documented.name -Because "the help documents -$($documented.name)"
        }
    }

    It 'documents each parameter as the code declares it' {
        foreach ($parameter in $ownParameters) {
            $documented = $helpParameters | Where-Object name -EQ $parameter.Name
            $sets = @($parameter.ParameterSets.Values)
            $because = "of -$($parameter.Name)"
            "$($documented.type.name)" | Should -Be (Get-HelpTypeName $parameter.ParameterType) -Because "the help's type $because"
            # A parameter mandatory in some sets only has no single answer; the syntax shows it per set.
            $mandatory = @($sets | ForEach-Object IsMandatory | Select-Object -Unique)
            if ($mandatory.Count -eq 1) {
                "$($documented.required)" | Should -Be "$($mandatory[0])".ToLowerInvariant() -Because "the help's Required $because"
            }
            $positions = @($sets | ForEach-Object Position | Select-Object -Unique)
            if ($positions.Count -eq 1) {
                $position = if ($positions[0] -eq [int]::MinValue) { 'named' } else { "$($positions[0])" }
                "$($documented.position)" | Should -Be $position -Because "the help's Position $because"
            }
            "$($documented.pipelineInput)" | Should -Be (Get-PipelineInput $sets) -Because "the help's pipeline input $because"
        }
    }

    It 'shows one syntax per parameter set' {
        @($help.syntax.syntaxItem | Where-Object { $_ }).Count | Should -Be $command.ParameterSets.Count
    }

    It 'answers Get-Help -Parameter for each parameter' {
        foreach ($parameter in $ownParameters) {
            @(Get-Help -Name $Name -Parameter $parameter.Name).Count | Should -Be 1 -Because "Get-Help $Name -Parameter $($parameter.Name)"
        }
    }
}

Describe 'about_SqsDemo' {
    It 'is found by Get-Help' {
        $text = (@(Get-Help -Name about_SqsDemo) | ForEach-Object { "$_" }) -join "`n"
        $text | Should -Match 'about_SqsDemo'
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'WRITING A SCENARIO'
        $text | Should -Match 'ERROR IDS'
    }

    It 'explains the backends, the scenario clock and how to write a scenario, and names every cmdlet' {
        $text = (@(Get-Help -Name about_SqsDemo) | ForEach-Object { "$_" }) -join "`n"
        function Get-Section([string] $Heading) {
            $start = $text.IndexOf("`n$Heading`n")
            $start | Should -BeGreaterOrEqual 0 -Because "about_SqsDemo needs a section $Heading"
            $rest = $text.Substring($start + $Heading.Length + 2)
            $next = [regex]::Match($rest, "`n[A-Z][A-Z ]+`n")
            if ($next.Success) { $text.Substring($start, $Heading.Length + 2 + $next.Index) } else { $text.Substring($start) }
        }
        $backends = Get-Section 'BACKENDS'
        foreach ($way in 'Embedded', '-EndpointUrl', 'LocalStack', 'moto', 'ElasticMQ', '-Region', '-ProfileName', '-TerraformOutput', '-Backend') {
            $backends | Should -BeLike "*$([WildcardPattern]::Escape($way))*" -Because "BACKENDS should explain $way"
        }
        $clock = Get-Section 'THE SCENARIO CLOCK'
        foreach ($word in '-TimeScale', 'Wait-DemoClock', 'wall') {
            $clock | Should -BeLike "*$([WildcardPattern]::Escape($word))*" -Because "THE SCENARIO CLOCK should explain $word"
        }
        $writing = Get-Section 'WRITING A SCENARIO'
        foreach ($word in '.SYNOPSIS', 'Speed: Slow', 'New-DemoCheck', 'Write-DemoPhase', 'Invoke-DemoScenario -Path', '-Parameters', 'default cmdlets', '[PASS]', '[FAIL]') {
            $writing | Should -BeLike "*$([WildcardPattern]::Escape($word))*" -Because "WRITING A SCENARIO should explain $word"
        }
        foreach ($command in (Get-Module SqsDemo).ExportedCommands.Keys) {
            $text | Should -BeLike "*$command*" -Because "about_SqsDemo should name $command"
        }
    }

    It 'names every error id of the module' {
        $text = (@(Get-Help -Name about_SqsDemo) | ForEach-Object { "$_" }) -join "`n"
        foreach ($id in [SqsDemo.Infrastructure.ErrorIds].GetFields() | ForEach-Object { $_.GetValue($null) }) {
            $text | Should -Match ([regex]::Escape($id)) -Because "about_SqsDemo should explain the error id $id"
        }
    }
}
