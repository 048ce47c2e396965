# Pester 5 tests of the session's objects in PowerShell's jobs, in a real pwsh: a thread job
# (Start-ThreadJob, ForEach-Object -Parallel) runs in this process and shares its embedded
# broker; Start-Job runs in another process, which cannot see it, and must say so.

BeforeAll {
    $manifest = (Resolve-Path (Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1')).Path
    Import-Module $manifest -Force
}

Describe 'Thread jobs' {
    It 'consumes, in Start-ThreadJob, the queue of an environment made in the session, without -Backend' {
        $e = New-DemoEnvironment -Name jobs-thread
        $e | Send-DemoMessage -Count 3 | Out-Null

        $job = Start-ThreadJob {
            Import-Module $using:manifest
            $using:e | Start-DemoConsumer -IdleTimeoutSeconds 5 -MessageLimit 3 | Out-Null
        }
        $job | Wait-Job -Timeout 120 | Out-Null
        $job.State | Should -Be 'Completed'
        $job | Receive-Job -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -BeNullOrEmpty

        $accounting = $e | Get-DemoAccounting
        $accounting.Processed | Should -Be 3
        $accounting.Unaccounted | Should -Be 0
        # The job's consumer is journaled in the session's run, where the queue lives.
        @(Get-DemoJournal -Kind ConsumerStarted -QueueUrl $e.QueueUrl).Count | Should -Be 1
    }

    It 'runs consumers side by side with ForEach-Object -Parallel on the session''s queue' {
        $e = New-DemoEnvironment -Name jobs-parallel
        $e | Send-DemoMessage -Count 6 | Out-Null

        1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:manifest
            $using:e | Start-DemoConsumer -IdleTimeoutSeconds 5 | Out-Null
        }

        $accounting = $e | Get-DemoAccounting
        $accounting.Processed | Should -Be 6
        $accounting.StillQueued | Should -Be 0
        @(Get-DemoJournal -Kind ConsumerStarted -QueueUrl $e.QueueUrl).Count | Should -Be 2
    }
}

Describe 'Start-Job' {
    It 'fails in the other process with EmbeddedBrokerNotInProcess, which names what to use instead' {
        $e = New-DemoEnvironment -Name jobs-process

        $job = Start-Job {
            Import-Module $using:manifest
            # $using:e arrives deserialized: a property bag whose QueueUrl names this process's broker.
            $using:e | Start-DemoConsumer -IdleTimeoutSeconds 1
        }
        $job | Wait-Job -Timeout 120 | Out-Null
        $job | Receive-Job -ErrorVariable failures -ErrorAction SilentlyContinue
        $job | Remove-Job -Force

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'EmbeddedBrokerNotInProcess,SqsDemo.Commands.StartDemoConsumerCommand'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Start-ThreadJob or ForEach-Object -Parallel'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Connect-DemoBackend -EndpointUrl'
    }
}

Describe 'Invoke-DemoScenario -ThrottleLimit' {
    It 'runs scenarios side by side, each on its own run, with the sequential verdicts in input order' {
        $names = 'crash', 'happy', 'business'
        $parallel = $names | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Invoke-DemoScenario -Seed 5 -ThrottleLimit 3
        $sequential = $names | ForEach-Object { Invoke-DemoScenario -Name $_ -Seed 5 }

        $parallel.Name | Should -Be $names
        $parallel.Passed | Should -Be $sequential.Passed
        ($parallel | ForEach-Object { $_.Checks.Actual -join ',' }) | Should -Be ($sequential | ForEach-Object { $_.Checks.Actual -join ',' })
        @($parallel.Journal | ForEach-Object { ($_.QueueUrl -split '\.')[2] } | Where-Object { $_ } | Sort-Object -Unique).Count | Should -Be 3
    }
}
