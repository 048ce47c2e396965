# The module manifest. Import it from the repository after a build (`Import-Module
# ./SqsDemo.psd1`), or use the laid-out copy in out/SqsDemo/, which the build writes
# with the module as its RootModule. From here the laid-out module is nested, so that
# Get-Help finds the help beside it (help is looked up by the module's own folder).
@{
    # The first nested module says to run ./build.ps1 when there is no out/SqsDemo yet (the laid-out manifest
    # has only the dll as its RootModule).
    NestedModules        = @('src/Assert-ModuleBuilt.psm1', 'out/SqsDemo/SqsDemo.psd1')
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0b5f3e-2a47-4a4e-9d7c-51b1f0c2c8a1'
    Author               = 'SqsDemo maintainers'
    CompanyName          = 'SqsDemo'
    Copyright            = '(c) SqsDemo maintainers. MIT License.'
    Description          = 'See and prove how queue-based systems on Amazon SQS fail and recover: crashes, duplicates, poison messages and DLQs, on an embedded broker with faithful SQS semantics, on any SQS endpoint, or on AWS.'
    CompatiblePSEditions = @('Core', 'Desktop')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('module/SqsDemo.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-DemoBackend'
        'Get-DemoBackend'
        'New-DemoEnvironment'
        'Get-DemoEnvironment'
        'Remove-DemoEnvironment'
        'Send-DemoMessage'
        'Start-DemoConsumer'
        'Start-DemoProducer'
        'Invoke-DemoAutoscaler'
        'Start-DemoRedrive'
        'Get-DemoRedrive'
        'Stop-DemoRedrive'
        'Get-DemoQueue'
        'Receive-DemoMessage'
        'Clear-DemoQueue'
        'Wait-DemoClock'
        'Get-DemoJournal'
        'Get-DemoMetric'
        'New-DemoAlarm'
        'Get-DemoAlarm'
        'Get-DemoCost'
        'Get-DemoAccounting'
        'Get-DemoMessageStatus'
        'Get-DemoSideEffect'
        'Get-DemoEffectLog'
        'Get-DemoEntityVersion'
        'Get-DemoResult'
        'Wait-DemoJournal'
        'Get-DemoMessageHistory'
        'Wait-DemoQueue'
        'Write-DemoPhase'
        'New-DemoDependency'
        'New-DemoCheck'
        'New-DemoStandardCheck'
        'Get-DemoScenario'
        'Invoke-DemoScenario'
        'Export-DemoTimeline'
        'Start-DemoEndpoint'
        'Get-DemoEndpoint'
        'Stop-DemoEndpoint'
        'Add-DemoEndpointFault'
        'Get-DemoEndpointFault'
        'Remove-DemoEndpointFault', 'Test-DemoConsumer', 'Test-DemoEnvironment'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'SQS', 'DynamoDB', 'Queue', 'DeadLetterQueue', 'Idempotency', 'Chaos', 'Demo')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'Embedded broker with SQS semantics; happy, crash and poison scenarios.'
        }
    }
}
