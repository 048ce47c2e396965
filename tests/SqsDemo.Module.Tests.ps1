# Pester 5 tests of the module through its exported cmdlets (a binary module has no
# InModuleScope). They mirror the xunit tests that host PowerShell, and run in the
# GitHub Actions workflow with pwsh: ./build.ps1 -Task Test.

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1'
    Import-Module $manifest -Force
}

Describe 'The test run' {
    It 'is not in strict mode: build.ps1 runs Pester in a pwsh of its own, so its Set-StrictMode stays out' {
        # Under Set-StrictMode -Version Latest reading a variable that was never set throws.
        { $null = $neverSetAnywhere } | Should -Not -Throw
    }
}

Describe 'Common parameters' {
    It '-Debug shows the debug lines and never asks to continue (this pwsh is -NonInteractive: a prompt would throw)' {
        $lines = Connect-DemoBackend -Seed 3 -Debug -ErrorAction Stop 5>&1 4>&1
        ($lines | Where-Object { $_ -is [SqsDemo.Engine.Backends.DemoRun] }).Count | Should -Be 1
    }

    It '-Debug under $VerbosePreference Continue shows the verbose text without asking' {
        $VerbosePreference = 'Continue'
        $lines = Connect-DemoBackend -Seed 3 -Debug -ErrorAction Stop 5>&1 4>&1
        ($lines | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message | Should -Contain 'Connected to Embedded (time x20, seed 3).'
    }
}

Describe 'The manifest' {
    It 'exports exactly the cmdlets it names, and no functions' {
        $module = Get-Module SqsDemo
        $module.ExportedCmdlets.Keys | Should -Contain 'Invoke-DemoScenario'
        $module.ExportedCmdlets.Count | Should -Be 45
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'declares an output type on every cmdlet' {
        Get-Command -Module SqsDemo | Where-Object { $_.OutputType.Count -eq 0 } | Should -BeNullOrEmpty
    }
}

Describe 'Backends' {
    It 'gives -Backend to every cmdlet that works on a backend' {
        # Get- and Stop-DemoEndpoint work on the session's endpoints, whatever backend each serves; Get- and
        # Remove-DemoEndpointFault on the faults of those endpoints.
        $without = 'Connect-DemoBackend', 'Get-DemoBackend', 'Get-DemoScenario', 'New-DemoCheck', 'Get-DemoEndpoint', 'Stop-DemoEndpoint', 'Get-DemoEndpointFault', 'Remove-DemoEndpointFault', 'Test-DemoConsumer'
        Get-Command -Module SqsDemo | Where-Object { $without -notcontains $_.Name -and -not $_.Parameters.ContainsKey('Backend') } | Should -BeNullOrEmpty
    }

    It 'runs a call on the backend given with -Backend, not the session''s' {
        $other = Connect-DemoBackend -Seed 1
        Connect-DemoBackend -Seed 2 | Out-Null
        $environment = New-DemoEnvironment -Name pester-backend -Backend $other
        $environment | Send-DemoMessage -Count 3 -Backend $other | Out-Null
        ($environment | Get-DemoQueue -Backend $other).Visible | Should -Be 3
        # The environment's queue URL names its broker, so it finds its queue without -Backend; the session's journal has none of it.
        ($environment | Get-DemoQueue).Visible | Should -Be 3
        Get-DemoJournal -Kind Sent | Should -BeNullOrEmpty
    }

    It 'fails with ProfileNotFound for a profile that does not exist' {
        { Connect-DemoBackend -ProfileName "no-such-profile-$([guid]::NewGuid())" } | Should -Throw -ErrorId 'ProfileNotFound,SqsDemo.Commands.ConnectDemoBackendCommand'
    }

    It 'fails with InvalidLedgerRetention before connecting when LEDGER_RETENTION_DAYS is not a number of days' {
        # Port 9 (discard) on loopback: nothing answers there, so reaching the network would be EndpointUnreachable instead.
        $env:LEDGER_RETENTION_DAYS = 'a month'
        try {
            { Connect-DemoBackend -EndpointUrl http://127.0.0.1:9 -Region us-east-1 } | Should -Throw -ErrorId 'InvalidLedgerRetention,SqsDemo.Commands.ConnectDemoBackendCommand' -ExpectedMessage '*LEDGER_RETENTION_DAYS*a month*'
        }
        finally {
            Remove-Item Env:LEDGER_RETENTION_DAYS
        }
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

    It 'refuses a hashtable or a backend as a body (NonStringMessageBody) and sends its ConvertTo-Json text' {
        $e = New-DemoEnvironment -Name pester-nontext
        $sent = @{ a = 1 }, (Get-DemoBackend) | Send-DemoMessage -QueueUrl $e.QueueUrl -ErrorAction SilentlyContinue -ErrorVariable bodyErrors
        $sent | Should -BeNullOrEmpty
        $bodyErrors.Count | Should -Be 2
        $bodyErrors.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be 'NonStringMessageBody,SqsDemo.Commands.SendDemoMessageCommand'
        ($e | Get-DemoQueue).Visible | Should -Be 0
        (@{ a = 1 } | ConvertTo-Json -Compress | Send-DemoMessage -QueueUrl $e.QueueUrl).Body | Should -Be '{"a":1}'
    }

    It 'reads QUEUE_URL with -FromEnvironmentVariables and shows the throughput of the burst' {
        $e = New-DemoEnvironment -Name pester-fromenv
        $before = $env:QUEUE_URL
        try {
            $env:QUEUE_URL = $e.QueueUrl
            $sent = Send-DemoMessage -FromEnvironmentVariables -Count 4 -InformationVariable rate 6>$null
        }
        finally {
            $env:QUEUE_URL = $before
        }
        $sent.Count | Should -Be 4
        $rate.Tags | Should -Contain 'Throughput'
        $rate.MessageData.Sent | Should -Be 4
        "$($rate.MessageData)" | Should -Match 'messages/s'
    }

    It 'still takes the old name -FromEnvironment, an alias so that no later parameter can make the prefix ambiguous' {
        foreach ($command in 'Send-DemoMessage', 'Start-DemoConsumer') {
            (Get-Command $command).Parameters['FromEnvironmentVariables'].Aliases | Should -Contain 'FromEnvironment'
        }
        $e = New-DemoEnvironment -Name pester-fromenv-old
        $before = $env:QUEUE_URL
        try {
            $env:QUEUE_URL = $e.QueueUrl
            $sent = Send-DemoMessage -FromEnvironment -Count 2 6>$null
        }
        finally {
            $env:QUEUE_URL = $before
        }
        $sent.Count | Should -Be 2
        ($e | Get-DemoQueue).Visible | Should -Be 2
    }
}

Describe 'Invoke-DemoScenario -Path' {
    It 'refuses a shell script (ScenarioNotPowerShellScript) and runs nothing' {
        $marker = Join-Path $TestDrive 'ran'
        $script = Join-Path $TestDrive 'run.sh'
        Set-Content -Path $script -Value "#!/bin/sh`ntouch '$marker'"
        if (-not $IsWindows) { chmod +x $script }
        { Invoke-DemoScenario -Path $script } | Should -Throw -ErrorId 'ScenarioNotPowerShellScript,SqsDemo.Commands.InvokeDemoScenarioCommand'
        Test-Path $marker | Should -BeFalse
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

Describe 'Start-DemoConsumer -Handler' {
    BeforeAll {
        Connect-DemoBackend -TimeScale 100 -Seed 23 | Out-Null
    }

    It 'gives the handler the parsed body and forwards its outputs as JSON with an id of their own' {
        $e = New-DemoEnvironment -Name pester-handler
        $o = New-DemoEnvironment -Name pester-handler-out
        '{"id":"o1","customer":"alice"}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null
        $e | Start-DemoConsumer -ConsumerId pester-handler-1 -MessageLimit 1 -ForwardQueueUrl $o.QueueUrl -Handler {
            [ordered]@{ customer = $Message.Data.customer; consumer = $Context.ConsumerId; receives = $_.ReceiveCount }
            'plain text'
        } | Out-Null
        $bodies = @(Receive-DemoMessage -QueueUrl $o.QueueUrl -All -WaitTimeSeconds 1 | ForEach-Object Body)
        $bodies.Count | Should -Be 2
        $bodies | Should -Contain '{"id":"o1-0","customer":"alice","consumer":"pester-handler-1","receives":1}'
        $bodies | Should -Contain 'plain text'
        $queue = $e | Get-DemoQueue
        $queue.Visible + $queue.InFlight | Should -Be 0
    }

    It 'fails the message and keeps it when the handler uses <Name>' -TestCases @(
        @{ Name = 'throw'; Handler = { throw "bad order $($Message.BodyId)" }; Said = 'bad order' }
        @{ Name = 'Write-Error'; Handler = { Write-Error "cannot ship $($Message.BodyId)"; throw 'went on past the error' }; Said = 'cannot ship' }
    ) {
        $e = New-DemoEnvironment -Name "pester-fail-$($Name.ToLowerInvariant())" -VisibilityTimeout 600
        $e | Send-DemoMessage -Count 1 | Out-Null
        $record = $e | Start-DemoConsumer -ConsumerId "pester-fail-$Name" -MessageLimit 1 -Handler $Handler
        $record.Outcome | Should -Be 'Failed'
        $failed = Get-DemoJournal -Kind HandlerFailed -Actor "pester-fail-$Name"
        $failed.Error | Should -Match $Said
        $failed.Error | Should -Not -Match 'went on'
        ($e | Get-DemoQueue).InFlight | Should -Be 1
    }

    It 'journals a declined key as DependencyFailed and HandlerFailed' {
        $e = New-DemoEnvironment -Name pester-decline -VisibilityTimeout 600
        $d = New-DemoDependency -Name payments -DeclineKey card-bad
        '{"id":"p1","card":"card-bad"}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null
        $e | Start-DemoConsumer -ConsumerId pester-decline-1 -MessageLimit 1 -Dependency $d -Handler { $Context.Call($Message.Data.card) } | Out-Null
        $dependencyFailed = Get-DemoJournal -Kind DependencyFailed -Actor pester-decline-1
        $dependencyFailed.DependencyOutcome | Should -Be 'Declined'
        $dependencyFailed.DependencyKey | Should -Be card-bad
        $dependencyFailed.Error | Should -Be "payments declined 'card-bad'."
        (Get-DemoJournal -Kind HandlerFailed -Actor pester-decline-1).Error | Should -Be "payments declined 'card-bad'."
        $d.Declines | Should -Be 1
    }

    It 'opens the breaker after -BreakerFailureThreshold failures and short-circuits the rest' {
        $e = New-DemoEnvironment -Name pester-breaker -VisibilityTimeout 600
        $e | Send-DemoMessage -Count 3 | Out-Null
        $d = New-DemoDependency -Name gateway -OutageSeconds 3600
        $records = $e | Start-DemoConsumer -ConsumerId pester-breaker-1 -MaxMessages 3 -MessageLimit 3 -Dependency $d -BreakerFailureThreshold 2 -BreakerBreakSeconds 600 -Handler { $Context.Call($Message.BodyId) }
        @($records.Outcome) | Should -Be @('Failed', 'Failed', 'ShortCircuited')
        @(Get-DemoJournal -Kind BreakerOpened -Actor pester-breaker-1).Count | Should -Be 1
        $d.Calls | Should -Be 2
    }

    It 'refuses <Arguments> with InvalidConsumerOptions' -TestCases @(
        @{ Arguments = '-ForwardQueueUrl without -Handler'; Splat = @{ ForwardQueueUrl = 'https://sqs.us-east-1.amazonaws.com/000000000000/out' } }
        @{ Arguments = '-Dependency without -Handler'; Splat = @{ Dependency = 'dependency' } }
        @{ Arguments = '-BreakerBreakSeconds without -BreakerFailureThreshold'; Splat = @{ Handler = { 1 }; Dependency = 'dependency'; BreakerBreakSeconds = 5 } }
        @{ Arguments = '-BatchWindowSeconds without -BatchSize'; Splat = @{ BatchWindowSeconds = 5 } }
        @{ Arguments = '-BatchSize with -MaxMessages'; Splat = @{ BatchSize = 5; MaxMessages = 5 } }
        @{ Arguments = '-BatchSize with -HeartbeatSeconds'; Splat = @{ BatchSize = 5; HeartbeatSeconds = 3 } }
        @{ Arguments = 'a FIFO -ForwardQueueUrl without -ForwardGroupIdField'; Splat = @{ Handler = { 1 }; ForwardQueueUrl = 'https://sqs.us-east-1.amazonaws.com/000000000000/out.fifo' } }
    ) {
        $e = New-DemoEnvironment -Name "pester-invalid-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $e | Send-DemoMessage -Count 1 | Out-Null
        if ($Splat.Dependency) { $Splat.Dependency = New-DemoDependency -Name payments }
        { $e | Start-DemoConsumer -MessageLimit 1 @Splat } | Should -Throw -ErrorId 'InvalidConsumerOptions,SqsDemo.Commands.StartDemoConsumerCommand'
        ($e | Get-DemoQueue).Visible | Should -Be 1
    }

    It 'refuses New-DemoDependency -OutageAfterSeconds without -OutageSeconds' {
        { New-DemoDependency -Name payments -OutageAfterSeconds 5 } | Should -Throw -ErrorId 'InvalidDependencyOptions,SqsDemo.Commands.NewDemoDependencyCommand'
    }

    It 'runs a handler consumer as a job that Receive-Job reads and Stop-Job stops' {
        $e = New-DemoEnvironment -Name pester-handler-job
        $e | Send-DemoMessage -Count 2 | Out-Null
        $job = $e | Start-DemoConsumer -AsJob -ConsumerId pester-handler-job-1 -MessageLimit 2 -Handler { $Message.Data.work }
        ($job | Wait-Job -Timeout 120).State | Should -Be 'Completed'
        @($job | Receive-Job | Where-Object Outcome -EQ 'Processed').Count | Should -Be 2
        $job | Remove-Job

        $idle = $e | Start-DemoConsumer -AsJob -ConsumerId pester-handler-job-2 -Handler { $Message.Body }
        $idle | Stop-Job
        $idle.State | Should -Be 'Stopped'
        $idle | Remove-Job
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

    It 'shows a scenario result as one [PASS] or [FAIL] row per check, within the console' {
        # The result's view lays its rows out for the console's width (80 when output is redirected).
        $width = $Host.UI.RawUI.BufferSize.Width
        $result = Invoke-DemoScenario -Name poison -Seed 3
        $lines = @(($result | Out-String -Width $width) -split "`r?`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
        $lines[0] | Should -BeLike 'Scenario poison: PASSED*'
        foreach ($check in $result.Checks) {
            $mark = if ($check.Passed) { '[PASS]' } else { '[FAIL]' }
            $start = "  $mark $($check.Name.Substring(0, [Math]::Min(30, $check.Name.Length)))"
            @($lines | Where-Object { $_.StartsWith($start) }).Count | Should -Be 1 -Because "a row for '$($check.Name)'"
        }
        $lines | ForEach-Object { $_.Length | Should -BeLessThan ($width - 1) -Because "'$_' must not wrap" }
    }

    It 'keeps every column of the journal table, one line per event, at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $e = New-DemoEnvironment -Name "pester-format-with-a-rather-long-environment-name-$Width"
        $e | Send-DemoMessage -Count 2 | Out-Null
        $lines = @((Get-DemoJournal -Last 2 | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_.Trim() })
        -split $lines[0] | Should -Be @('Time(s)', 'Kind', 'Actor', 'Recv', 'Id', 'Detail')
        $lines.Count | Should -Be 4
    }

    It 'keeps Unaccounted and AppliedTwice in the accounting at 80 columns' {
        $e = New-DemoEnvironment -Name pester-accounting
        $text = $e | Get-DemoAccounting | Out-String -Width 80
        $text | Should -Match '(?m)^Unaccounted\s+: 0'
        $text | Should -Match '(?m)^AppliedTwice\s+: 0'
    }
}

Describe 'The journal' {
    It 'gives each event its typed facts, and exports them to CSV and JSON' {
        $e = New-DemoEnvironment -Name pester-journal-facts -VisibilityTimeout 7
        $sent = $e | Send-DemoMessage -Count 1
        $e | Start-DemoConsumer -ConsumerId pester-facts -MessageLimit 1 | Out-Null
        $received = Get-DemoJournal -Kind Received -Actor pester-facts
        $received.VisibilityTimeoutSeconds | Should -Be 7
        $received.ReceiptGeneration | Should -Be 1
        (Get-DemoJournal -Kind ConsumerEnded -Actor pester-facts).Ending | Should -Be 'MessageLimit'

        $csv = Join-Path ([IO.Path]::GetTempPath()) "pester-journal-$PID.csv"
        try {
            Get-DemoJournal -Actor pester-facts | Export-Csv -Path $csv -NoTypeInformation
            $rows = @(Import-Csv -Path $csv)
            $rows.Count | Should -BeGreaterThan 2
            ($rows | Where-Object Kind -eq Received).VisibilityTimeoutSeconds | Should -Be '7'
        }
        finally { Remove-Item -Path $csv -ErrorAction SilentlyContinue }
        $json = Get-DemoJournal -Kind Received -Actor pester-facts | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.VisibilityTimeoutSeconds | Should -Be 7
        $json.MessageId | Should -Be $sent.MessageId
    }

    It 'tells a message''s history and waits for a queue' {
        $e = New-DemoEnvironment -Name pester-history
        $sent = $e | Send-DemoMessage -Count 1
        $job = $e | Start-DemoConsumer -ConsumerId pester-history -AsJob
        ($e | Wait-DemoQueue -Empty -TimeoutSeconds 60).Visible | Should -Be 0
        $job | Stop-Job
        $job | Remove-Job
        @(($sent | Get-DemoMessageHistory).Events.Kind) | Should -Be @('Sent', 'Received', 'Processed', 'Deleted')
        { $e | Wait-DemoQueue -VisibleAtLeast 1 -TimeoutSeconds 1 } | Should -Throw -ErrorId 'QueueWaitTimedOut,SqsDemo.Commands.WaitDemoQueueCommand'
    }
}

Describe 'Tab completion' {
    It 'offers the scenario name typed in full first, then the rest by name: <Line>' -ForEach @(
        @{ Line = 'Invoke-DemoScenario -Name p' }, @{ Line = 'Invoke-DemoScenario -Name poison' }
    ) {
        $offered = @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
        $offered | Should -Contain 'poison-partial-batch'
        $offered[0] | Should -Be 'poison'
    }
}

Describe 'Start-DemoEndpoint' {
    It 'serves this session''s queues to a pwsh in another process (Start-Job)' {
        $endpoint = Start-DemoEndpoint -Port 0
        $job = $null
        try {
            $e = New-DemoEnvironment -Name ('served-' + [guid]::NewGuid().ToString('N').Substring(0, 6))
            $e | Send-DemoMessage -Count 4 | Out-Null
            $endpointUrl = $endpoint.Url
            $queueUrl = "$endpointUrl/000000000000/$($e.QueueName)"
            $job = Start-Job {
                Import-Module $using:manifest
                Connect-DemoBackend -EndpointUrl $using:endpointUrl -Region us-east-1 | Out-Null
                (Get-DemoQueue -QueueUrl $using:queueUrl).Visible
            }
            $job | Wait-Job -Timeout 120 | Receive-Job | Should -Be 4
        }
        finally {
            $endpoint | Stop-DemoEndpoint
            if ($job) { Remove-Job $job -Force }
        }
    }

    It 'fails with EndpointPortInUse on a port that is taken' {
        $endpoint = Start-DemoEndpoint -Port 0
        try {
            { Start-DemoEndpoint -Port $endpoint.Port } | Should -Throw -ErrorId 'EndpointPortInUse,SqsDemo.Commands.StartDemoEndpointCommand'
        }
        finally {
            $endpoint | Stop-DemoEndpoint
        }
    }
}
