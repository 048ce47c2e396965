using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace SqsDemo.Tests.Terraform
{
    /// <summary>A fact that runs only where Terraform and an aws provider are at hand without the network.</summary>
    public sealed class TerraformFactAttribute : FactAttribute
    {
        public TerraformFactAttribute()
        {
            if (TerraformPlanTests.SkipReason is string reason) Skip = reason;
        }
    }

    /// <summary>
    /// Runs terraform/tests/*.tftest.hcl with <c>terraform test</c>: the configuration planned and applied against a
    /// mocked aws provider, in a copy of terraform/, so each hardening choice is checked on the values Terraform
    /// computes (the subnets the service gets, its security group's rules, the container definition's JSON, the TTL of
    /// each table). Needs the terraform CLI and an aws provider in a plugin mirror (SQSDEMO_TERRAFORM_PLUGIN_DIR, else
    /// /opt/tf-plugins): nothing is downloaded and nothing leaves the machine (CHECKPOINT_DISABLE).
    /// </summary>
    public sealed class TerraformPlanTests
    {
        private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

        private static readonly string Terraform = Environment.GetEnvironmentVariable("SQSDEMO_TERRAFORM") is string t && t.Length > 0 ? t : "terraform";

        private static readonly string PluginDir = Environment.GetEnvironmentVariable("SQSDEMO_TERRAFORM_PLUGIN_DIR") is string d && d.Length > 0 ? d : "/opt/tf-plugins";

        private static readonly Lazy<string?> Unavailable = new Lazy<string?>(Probe);

        public static string? SkipReason => Unavailable.Value;

        private static string? Probe()
        {
            if (!Directory.Exists(Path.Combine(PluginDir, "registry.terraform.io", "hashicorp", "aws")))
                return $"no aws provider in the plugin mirror {PluginDir} (set SQSDEMO_TERRAFORM_PLUGIN_DIR)";
            try
            {
                var (code, output) = Run(Directory.GetCurrentDirectory(), "version");
                return code == 0 ? null : $"`{Terraform} version` exited {code}: {output}";
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return $"no terraform CLI ({Terraform}): {e.Message}";
            }
        }

        private static (int Code, string Output) Run(string folder, params string[] arguments)
        {
            var start = new ProcessStartInfo(Terraform)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["CHECKPOINT_DISABLE"] = "1"; // no version check over the network
            start.Environment["TF_IN_AUTOMATION"] = "1";
            start.Environment["TF_CLI_CONFIG_FILE"] = "/dev/null";
            start.Environment.Remove("TF_PLUGIN_CACHE_DIR");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)StepTimeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"terraform {string.Join(" ", arguments)} ran past {StepTimeout}.");
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }

        [TerraformFact]
        public void Terraform_test_passes_every_run_of_the_hardening_tests_against_a_mocked_provider()
        {
            var copy = Path.Combine(Path.GetTempPath(), "sqsdemo-terraform-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(Path.Combine(copy, "tests"));
                foreach (var file in Directory.GetFiles(TerraformFiles.Folder).Where(f => f.EndsWith(".tf", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
                    File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
                var tests = Directory.GetFiles(Path.Combine(TerraformFiles.Folder, "tests"), "*.tftest.hcl");
                Assert.NotEmpty(tests);
                foreach (var file in tests)
                    File.Copy(file, Path.Combine(copy, "tests", Path.GetFileName(file)));
                var runs = tests.Sum(f => Regex.Matches(File.ReadAllText(f), @"(?m)^run\s+""").Count);
                Assert.True(runs > 0, "the .tftest.hcl files hold no run block");

                var init = Run(copy, "init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=" + PluginDir);
                Assert.True(init.Code == 0, "terraform init failed:\n" + init.Output);
                var test = Run(copy, "test", "-no-color");
                Assert.True(test.Code == 0, "terraform test failed:\n" + test.Output);
                Assert.Contains($"Success! {runs} passed, 0 failed.", test.Output);
            }
            finally
            {
                try
                {
                    Directory.Delete(copy, recursive: true);
                }
                catch (IOException)
                {
                    // a leftover temp folder is not the test's failure
                }
            }
        }
    }
}
