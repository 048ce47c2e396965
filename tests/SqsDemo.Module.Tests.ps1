# Pester 5 tests of the module through its exported cmdlets (a binary module has no
# InModuleScope). They mirror the xunit tests that host PowerShell, and run in the
# GitHub Actions workflow with pwsh: ./build.ps1 -Task Test.

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1'
    Import-Module $manifest -Force
}

Describe 'The manifest' {
    It 'exports exactly the cmdlets it names, and no functions' {
        $module = Get-Module SqsDemo
        $module.ExportedCmdlets.Keys | Should -Contain 'Invoke-DemoScenario'
        $module.ExportedCmdlets.Count | Should -Be 29
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'declares an output type on every cmdlet' {
        Get-Command -Module SqsDemo | Where-Object { $_.OutputType.Count -eq 0 } | Should -BeNullOrEmpty
    }
}

Describe 'Backends' {
    It 'gives -Backend to every cmdlet that works on a backend' {
        $without = 'Connect-DemoBackend', 'Get-DemoBackend', 'Get-DemoScenario', 'New-DemoCheck'
        Get-Command -Module SqsDemo | Where-Object { $without -notcontains $_.Name -and -not $_.Parameters.ContainsKey('Backend') } | Should -BeNullOrEmpty
    }

    It 'runs a call on the backend given with -Backend, not the session''s' {
        $other = Connect-DemoBackend -Seed 1
        Connect-DemoBackend -Seed 2 | Out-Null
        $environment = New-DemoEnvironment -Name pester-backend -Backend $other
        $environment | Send-DemoMessage -Count 3 -Backend $other | Out-Null
        ($environment | Get-DemoQueue -Backend $other).Visible | Should -Be 3
        { $environment | Get-DemoQueue -ErrorAction Stop } | Should -Throw -ErrorId 'QueueDoesNotExist,SqsDemo.Commands.GetDemoQueueCommand'
    }

    It 'fails with ProfileNotFound for a profile that does not exist' {
        { Connect-DemoBackend -ProfileName "no-such-profile-$([guid]::NewGuid())" } | Should -Throw -ErrorId 'ProfileNotFound,SqsDemo.Commands.ConnectDemoBackendCommand'
    }
}

Describe 'Send-DemoMessage' {
    BeforeAll {
        Connect-DemoBackend -Seed 1 | Out-Null
    }

    It 'binds the queue of an environment piped in and generates bodies' {
        $e = New-DemoEnvironment -Name pester-send
        $sent = $e | Send-DemoMessage -Count 7 -BatchSize 3
        $sent.Count | Should -Be 7
        ($e | Get-DemoQueue).Visible | Should -Be 7
    }

    It 'refuses BatchSize 11 and sends nothing' {
        $e = New-DemoEnvironment -Name pester-batch11
        { $e | Send-DemoMessage -Count 5 -BatchSize 11 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SqsDemo.Commands.SendDemoMessageCommand'
        ($e | Get-DemoQueue).Visible | Should -Be 0
    }

    It 'refuses a body over 1 MiB with MessageTooLarge and sends the others' {
        $e = New-DemoEnvironment -Name pester-large
        $sent = 'before', ('x' * 1048577), 'after' | Send-DemoMessage -QueueUrl $e.QueueUrl -ErrorAction SilentlyContinue -ErrorVariable sendErrors
        $sendErrors[0].FullyQualifiedErrorId | Should -Be 'MessageTooLarge,SqsDemo.Commands.SendDemoMessageCommand'
        $sent.Body | Should -Be @('before', 'after')
    }

    It 'sends nothing under -WhatIf' {
        $e = New-DemoEnvironment -Name pester-whatif
        $e | Send-DemoMessage -Count 5 -WhatIf
        ($e | Get-DemoQueue).Visible | Should -Be 0
    }
}

Describe 'New-DemoEnvironment and Remove-DemoEnvironment' {
    It 'refuses MaxReceiveCount 0' {
        { New-DemoEnvironment -Name pester-mrc0 -MaxReceiveCount 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SqsDemo.Commands.NewDemoEnvironmentCommand'
    }

    It 'keeps the queues under -WhatIf and deletes them with -Force' {
        $e = New-DemoEnvironment -Name pester-remove
        $e | Remove-DemoEnvironment -WhatIf -Force
        ($e | Get-DemoQueue).Visible | Should -Be 0
        $e | Remove-DemoEnvironment -Force
        { $e | Get-DemoQueue -ErrorAction Stop } | Should -Throw -ErrorId 'QueueDoesNotExist,SqsDemo.Commands.GetDemoQueueCommand'
    }
}

Describe 'Start-DemoConsumer' {
    It 'refuses CrashRate 1.5' {
        $e = New-DemoEnvironment -Name pester-rate
        { $e | Start-DemoConsumer -CrashRate 1.5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SqsDemo.Commands.StartDemoConsumerCommand'
    }

    It 'runs as a job that the built-in job cmdlets manage' {
        $e = New-DemoEnvironment -Name pester-job
        $e | Send-DemoMessage -Count 3 | Out-Null
        $job = $e | Start-DemoConsumer -AsJob -ConsumerId pester-job-1 -MessageLimit 3
        $job.PSJobTypeName | Should -Be 'SqsDemoConsumerJob'
        ($job | Wait-Job -Timeout 120).State | Should -Be 'Completed'
        @($job | Receive-Job).Count | Should -Be 3
        $job | Remove-Job
    }

    It 'ends a crashed job as Failed with the reason' {
        $e = New-DemoEnvironment -Name pester-crash
        $e | Send-DemoMessage -Count 1 | Out-Null
        $job = $e | Start-DemoConsumer -AsJob -ConsumerId pester-crash-1 -CrashAfterReceive
        ($job | Wait-Job -Timeout 120).State | Should -Be 'Failed'
        $job.JobStateInfo.Reason.Message | Should -Match 'crash after receive'
        $job | Remove-Job
    }

    It 'stops gracefully on Stop-Job' {
        $e = New-DemoEnvironment -Name pester-stop
        $job = $e | Start-DemoConsumer -AsJob -ConsumerId pester-stop-1
        $job | Stop-Job
        $job.State | Should -Be 'Stopped'
        $job | Remove-Job
    }
}

Describe 'Formats' {
    It 'has a view for every output type a cmdlet declares (or for a base type of it)' {
        foreach ($command in Get-Command -Module SqsDemo) {
            foreach ($type in @($command.OutputType.Type | Where-Object { $_ -and $_.Namespace -notlike 'System*' })) {
                $names = for ($t = $type; $t; $t = $t.BaseType) { $t.FullName }
                @($names | Where-Object { Get-FormatData -TypeName $_ }).Count | Should -BeGreaterThan 0 -Because "$($command.Name) outputs $($type.FullName)"
            }
        }
    }

    It 'shows a scenario result as a [PASS] or [FAIL] row per check, within 120 columns' {
        $result = Invoke-DemoScenario -Name poison -Seed 3
        $lines = @(($result | Out-String -Width 120) -split "`r?`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
        $lines[0] | Should -BeLike 'Scenario poison: PASSED*'
        foreach ($check in $result.Checks) {
            $mark = if ($check.Passed) { '[PASS]' } else { '[FAIL]' }
            $start = "  $mark $($check.Name.Substring(0, [Math]::Min(50, $check.Name.Length)))"
            @($lines | Where-Object { $_.StartsWith($start) }).Count | Should -Be 1 -Because "a row for '$($check.Name)'"
        }
        $lines | ForEach-Object { $_.Length | Should -BeLessThan 119 -Because "'$_' must not wrap" }
    }

    It 'keeps every column of the journal table at 120 columns' {
        $e = New-DemoEnvironment -Name pester-format-with-a-rather-long-environment-name
        $e | Send-DemoMessage -Count 2 | Out-Null
        $header = @((Get-DemoJournal -Last 2 | Out-String -Width 120) -split "`r?`n" | Where-Object { $_ -like 'Time(s)*' })[0]
        -split $header | Should -Be @('Time(s)', 'Kind', 'Actor', 'Queue', 'Recv', 'Id', 'Detail')
    }
}
