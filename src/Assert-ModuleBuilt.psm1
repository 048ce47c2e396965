# The repository's SqsDemo.psd1 loads this before its other nested module, the build's out/SqsDemo: without a
# build there is nothing to load, and PowerShell's own complaint ("no valid module file was found") does not say why.
$laidOut = Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.dll'
if (-not (Test-Path $laidOut)) {
    $repository = Split-Path -Parent $PSScriptRoot
    $problem = [System.InvalidOperationException]::new("SqsDemo is not built yet: run ./build.ps1 in $repository (it lays the module out in out/SqsDemo), then import ./SqsDemo.psd1 again. To import it by name from anywhere, run ./build.ps1 -Task Install.")
    throw [System.Management.Automation.ErrorRecord]::new($problem, 'ModuleNotBuilt', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $laidOut)
}
