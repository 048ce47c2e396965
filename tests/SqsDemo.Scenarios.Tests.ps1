# Pester 5: the scenario catalog passes on the embedded backend with several seeds, a
# wrong expectation really fails, and an unknown name is a terminating error.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1') -Force
}

Describe 'Scenario <Name> with seed <Seed>' -ForEach @(
    @{ Name = 'happy'; Seed = 1 }, @{ Name = 'happy'; Seed = 2 }, @{ Name = 'happy'; Seed = 3 }
    @{ Name = 'crash'; Seed = 1 }, @{ Name = 'crash'; Seed = 2 }, @{ Name = 'crash'; Seed = 3 }
    @{ Name = 'poison'; Seed = 1 }, @{ Name = 'poison'; Seed = 2 }, @{ Name = 'poison'; Seed = 3 }
    @{ Name = 'dup'; Seed = 1 }, @{ Name = 'dup'; Seed = 2 }, @{ Name = 'dup'; Seed = 3 }
    @{ Name = 'business'; Seed = 1 }, @{ Name = 'business'; Seed = 2 }, @{ Name = 'business'; Seed = 3 }
    @{ Name = 'poison-partial-batch'; Seed = 1 }, @{ Name = 'poison-partial-batch'; Seed = 2 }, @{ Name = 'poison-partial-batch'; Seed = 3 }
    @{ Name = 'dup-side-effects'; Seed = 1 }, @{ Name = 'dup-side-effects'; Seed = 2 }, @{ Name = 'dup-side-effects'; Seed = 3 }
    @{ Name = 'dup-graceful-shutdown'; Seed = 1 }, @{ Name = 'dup-graceful-shutdown'; Seed = 2 }, @{ Name = 'dup-graceful-shutdown'; Seed = 3 }
    @{ Name = 'fifo-order'; Seed = 1 }, @{ Name = 'fifo-order'; Seed = 2 }, @{ Name = 'fifo-order'; Seed = 3 }
    @{ Name = 'version-order'; Seed = 1 }, @{ Name = 'version-order'; Seed = 2 }, @{ Name = 'version-order'; Seed = 3 }
    @{ Name = 'out-of-order'; Seed = 1 }, @{ Name = 'out-of-order'; Seed = 2 }, @{ Name = 'out-of-order'; Seed = 3 }
    @{ Name = 'heartbeat'; Seed = 1 }, @{ Name = 'heartbeat'; Seed = 2 }, @{ Name = 'heartbeat'; Seed = 3 }
    @{ Name = 'backpressure'; Seed = 1 }, @{ Name = 'backpressure'; Seed = 2 }, @{ Name = 'backpressure'; Seed = 3 }
    @{ Name = 'happy-purge-timing'; Seed = 1 }, @{ Name = 'happy-purge-timing'; Seed = 2 }, @{ Name = 'happy-purge-timing'; Seed = 3 }
    @{ Name = 'backlog-drain'; Seed = 1 }, @{ Name = 'backlog-drain'; Seed = 2 }, @{ Name = 'backlog-drain'; Seed = 3 }
    @{ Name = 'observability'; Seed = 1 }, @{ Name = 'observability'; Seed = 2 }, @{ Name = 'observability'; Seed = 3 }
    @{ Name = 'dlq-redrive'; Seed = 1 }, @{ Name = 'dlq-redrive'; Seed = 2 }, @{ Name = 'dlq-redrive'; Seed = 3 }
    @{ Name = 'order-pipeline'; Seed = 1 }, @{ Name = 'order-pipeline'; Seed = 2 }, @{ Name = 'order-pipeline'; Seed = 3 }
    @{ Name = 'async-tasks'; Seed = 1 }, @{ Name = 'async-tasks'; Seed = 2 }, @{ Name = 'async-tasks'; Seed = 3 }
    @{ Name = 'fifo-overrun'; Seed = 1 }, @{ Name = 'fifo-overrun'; Seed = 2 }, @{ Name = 'fifo-overrun'; Seed = 3 }
    @{ Name = 'cost'; Seed = 1 }, @{ Name = 'cost'; Seed = 2 }, @{ Name = 'cost'; Seed = 3 }
) {
    It 'passes' {
        # Scenarios whose margins are a few scenario seconds run on a slower clock, as in the xunit suite:
        # order-pipeline's 30 s outage is 1.5 s of wall time at x20, which a loaded machine can stall through.
        # async-tasks' 60 s visibility timeout is 3 s of wall time at x20, less than a cold handler's batch on a loaded machine.
        # fifo-overrun's heartbeat must land within 7 s of a 10 s visibility timeout's end, as heartbeat's must.
        $clock = if ($Name -in 'dup-graceful-shutdown', 'heartbeat', 'order-pipeline', 'fifo-overrun') { @{ TimeScale = 5 } }
            elseif ($Name -eq 'async-tasks') { @{ TimeScale = 10 } } else { @{} }
        $result = Invoke-DemoScenario -Name $Name -Seed $Seed @clock
        $failed = $result.Checks | Where-Object { -not $_.Passed } | ForEach-Object { "$($_.Name): expected $($_.Expected), actual $($_.Actual)" }
        $failed | Should -BeNullOrEmpty
        $result.Passed | Should -BeTrue
        $result.Seed | Should -Be $Seed
    }
}

Describe 'fifo-overrun with guard <Guard> and seed <Seed>' -ForEach @(
    @{ Guard = 'Heartbeat'; Seed = 1 }, @{ Guard = 'Heartbeat'; Seed = 2 }, @{ Guard = 'Heartbeat'; Seed = 3 }
    @{ Guard = 'LeaseGuard'; Seed = 1 }, @{ Guard = 'LeaseGuard'; Seed = 2 }, @{ Guard = 'LeaseGuard'; Seed = 3 }
) {
    It 'keeps every group in send order' {
        $result = Invoke-DemoScenario -Name fifo-overrun -Seed $Seed -TimeScale 5 -Parameters @{ Guard = $Guard }
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
