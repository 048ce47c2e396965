using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>
/// The README's Start-DemoEndpoint -Credential example, run as written in a shell process of its own
/// (it sets AWS_* environment variables, which must not leak into this test process): the aws CLI signing
/// with the given secret is served, the same call with a guessed one is SignatureDoesNotMatch.
/// </summary>
public sealed class ReadmeSignedEndpointTests
{
    /// <summary>The first powershell block of "Serving the broker to other processes" that gives -Credential.</summary>
    private static string Example()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        var section = Array.IndexOf(lines, "### Serving the broker to other processes");
        Assert.True(section >= 0, "README.md has no section 'Serving the broker to other processes'");
        var blocks = new List<string[]>();
        for (var i = section + 1; i < lines.Length && !lines[i].StartsWith("### ", StringComparison.Ordinal); i++)
        {
            if (lines[i] != "```powershell") continue;
            var block = lines.Skip(i + 1).TakeWhile(l => l != "```").ToArray();
            blocks.Add(block);
            i += block.Length + 1;
        }
        var example = blocks.FirstOrDefault(b => b.Any(l => l.Contains("-Credential", StringComparison.Ordinal)));
        Assert.True(example != null, "the section has no powershell block giving -Credential");
        return string.Join("\n", example!);
    }

    [Fact]
    public void The_README_s_signed_endpoint_example_serves_the_key_and_refuses_a_guess()
    {
        // No profile or credentials file of the machine may change what the CLI signs with.
        var none = Path.Combine(Path.GetTempPath(), "sqsdemo-no-aws-config-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string?> { ["AWS_CONFIG_FILE"] = none, ["AWS_SHARED_CREDENTIALS_FILE"] = none, ["AWS_PROFILE"] = null, ["AWS_SESSION_TOKEN"] = null };

        ShellResult result = ShellProcess.Run(environment, "-Command", Example());

        Assert.Contains("/000000000000/signed", result.StdOut);
        Assert.Contains("(SignatureDoesNotMatch) when calling the ListQueues operation", result.AllOutput);
    }
}
