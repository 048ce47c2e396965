# Pester 5: every scenario of the catalog passes in a real pwsh with the module as it is published, a wrong
# expectation really fails, and an unknown name is a terminating error. Each scenario runs here once, with seed 1:
# the xunit suite (ScenarioSeed1Tests, ScenarioSeed2Tests, ScenarioSeed3Tests) runs every one with seeds 1, 2 and 3, and the two suites
# running the same nine-minute matrix twice bought nothing.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1') -Force
    # From the catalog itself, so a new scenario is run here without being listed.
    $catalog = @(Get-DemoScenario | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1') -Force
}

Describe 'Scenario <Name>' -ForEach $catalog {
    It 'passes with seed 1' {
        # Scenarios whose margins are a few scenario seconds run on a slower clock, as in the xunit suite:
        # order-pipeline's 30 s outage is 1.5 s of wall time at x20, which a loaded machine can stall through.
        # async-tasks' 60 s visibility timeout is 3 s of wall time at x20, less than a cold handler's batch on a loaded machine;
        # backpressure's consumers hold a message 1 s of a 10 s visibility timeout, which a starved consumer outlives at x20.
        # fifo-overrun's heartbeat must land within 7 s of a 10 s visibility timeout's end, as heartbeat's must.
        # version-order's 10 s visibility timeout is half a second of wall time at x20: a stalled consumer sees a version twice.
        $clock = if ($Name -in 'dup-graceful-shutdown', 'heartbeat', 'order-pipeline', 'fifo-overrun', 'version-order') { @{ TimeScale = 5 } }
            elseif ($Name -in 'async-tasks', 'backpressure') { @{ TimeScale = 10 } } else { @{} }
        $result = Invoke-DemoScenario -Name $Name -Seed 1 @clock
        $failed = $result.Checks | Where-Object { -not $_.Passed } | ForEach-Object { "$($_.Name): expected $($_.Expected), actual $($_.Actual)" }
        $failed | Should -BeNullOrEmpty
        $result.Passed | Should -BeTrue
        $result.Seed | Should -Be 1
    }
}

Describe 'fifo-overrun with guard <Guard>' -ForEach @(
    @{ Guard = 'Heartbeat' }, @{ Guard = 'LeaseGuard' }
) {
    It 'keeps every group in send order' {
        $result = Invoke-DemoScenario -Name fifo-overrun -Seed 1 -TimeScale 5 -Parameters @{ Guard = $Guard }
        $failed = $result.Checks | Where-Object { -not $_.Passed } | ForEach-Object { "$($_.Name): expected $($_.Expected), actual $($_.Actual)" }
        $failed | Should -BeNullOrEmpty
        $result.Passed | Should -BeTrue
        ($result.Checks | Where-Object Name -eq 'every group applied in send order').Actual | Should -Be 0
        $refused = @($result.Journal | Where-Object Kind -eq 'LeaseExpired')
        if ($Guard -eq 'LeaseGuard') { $refused.Count | Should -BeGreaterThan 0 } else { $refused.Count | Should -Be 0 }
    }
}

Describe 'fifo-overrun without a guard' {
    It 'fails when nothing overran: there is no break to show' {
        $result = Invoke-DemoScenario -Name fifo-overrun -Seed 2 -Parameters @{ LongSleepSeconds = 1 }
        $result.Passed | Should -BeFalse
        ($result.Checks | Where-Object { -not $_.Passed }).Name | Should -Be 'the order broke: a message applied after a later one of its group'
    }
}

Describe 'The ledger scenarios' {
    It 'dup-side-effects: A crashes between its side effect and COMPLETED, B skips the effect' {
        $result = Invoke-DemoScenario -Name dup-side-effects -Seed 4
        $crash = $result.Journal | Where-Object Kind -eq 'Crashed'
        $ofA = @($result.Journal | Where-Object { $_.Actor -eq 'consumer-a' -and $_.MessageId -eq $crash.MessageId } | ForEach-Object { "$($_.Kind)" })
        $ofA | Should -Be @('Received', 'LedgerStarted', 'SideEffect', 'Crashed')
        @($result.Journal | Where-Object { $_.Actor -eq 'consumer-b' -and $_.Kind -eq 'SideEffectSkipped' }).Count | Should -Be 1
    }
}

Describe 'Invoke-DemoScenario' {
    It 'reports a failure when an expectation is wrong' {
        $result = Invoke-DemoScenario -Name poison -Seed 5 -Parameters @{ ExpectedDeadLetterCount = 3 }
        $result.Passed | Should -BeFalse
        ($result.Checks | Where-Object { -not $_.Passed }).Name | Should -Be 'DLQ message count'
    }

    It 'refuses an unknown name and lists the valid ones' {
        { Invoke-DemoScenario -Name no-such-thing } | Should -Throw -ErrorId 'ScenarioNotFound,SqsDemo.Commands.InvokeDemoScenarioCommand'
    }

    It 'lists the catalog with speed and synopsis' {
        $catalog = Get-DemoScenario
        $catalog.Name | Should -Contain 'poison'
        $catalog | ForEach-Object { $_.Synopsis | Should -Not -BeNullOrEmpty }
    }
}

Describe 'A scenario of your own' {
    It 'may use the default cmdlets (Select-Object, Group-Object, Write-Host, Start-Sleep) and passes through -Path' {
        $path = Join-Path $PSScriptRoot 'fixtures/grouped-poison.ps1'
        $result = Invoke-DemoScenario -Path $path -Seed 5 6>&1 | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] }
        $result.Passed | Should -BeTrue
        $result.Checks.Count | Should -Be 2
    }
}
