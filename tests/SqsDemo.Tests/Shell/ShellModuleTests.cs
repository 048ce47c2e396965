using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>
/// Module import, through $env:SQSDEMO_MODULE so the tests do not depend on the real module's build:
/// a small script module stands in for it.
/// </summary>
public sealed class ShellModuleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sqsdemo-shell-module-" + Guid.NewGuid().ToString("N"));

    public ShellModuleTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_module_named_by_the_environment_variable_is_imported()
    {
        File.WriteAllText(Path.Combine(_directory, "Stand.psm1"), "function Get-StandIn { 'stand-in loaded' }\n");
        string manifest = Path.Combine(_directory, "Stand.psd1");
        File.WriteAllText(manifest, "@{ RootModule = 'Stand.psm1'; ModuleVersion = '1.0.0'; FunctionsToExport = @('Get-StandIn') }\n");

        ShellResult result = ShellProcess.Run(Module(manifest), "-Command", "Get-StandIn");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "stand-in loaded" }, ShellProcess.Lines(result.StdOut));
    }

    [Fact]
    public void A_missing_module_exits_2_with_a_message()
    {
        string manifest = Path.Combine(_directory, "Absent.psd1");

        ShellResult result = ShellProcess.Run(Module(manifest), "-Command", "1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Absent.psd1", result.StdErr);
    }

    [Fact]
    public void A_module_that_fails_to_import_exits_2_with_a_message()
    {
        string manifest = Path.Combine(_directory, "Broken.psd1");
        File.WriteAllText(manifest, "@{ RootModule = 'Missing.dll'; ModuleVersion = '1.0.0' }\n");

        ShellResult result = ShellProcess.Run(Module(manifest), "-Command", "1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Could not import the SqsDemo module", result.StdErr);
    }

    [Fact]
    public void NoModule_skips_the_import()
    {
        string manifest = Path.Combine(_directory, "Absent.psd1");

        ShellResult result = ShellProcess.Run(Module(manifest), "-NoModule", "-Command", "'ran'");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "ran" }, ShellProcess.Lines(result.StdOut));
    }

    private static Dictionary<string, string?> Module(string manifest) => new() { ["SQSDEMO_MODULE"] = manifest };
}
