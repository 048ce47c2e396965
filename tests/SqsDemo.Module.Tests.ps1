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
