using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>Runs a client program (python3, the aws CLI) against an endpoint with credentials (dummy ones unless given) in its environment, bounded in time.</summary>
    public static class ExternalClient
    {
        public sealed class Outcome
        {
            public int ExitCode { get; set; }
            public string Output { get; set; } = "";
            public string Error { get; set; } = "";
            public override string ToString() => "exit " + ExitCode + "\nstdout: " + Output + "\nstderr: " + Error;
        }

        /// <param name="secretAccessKey">The secret the client signs with: the endpoint checks it only when given keys.</param>
        public static async Task<Outcome> RunAsync(string program, IEnumerable<string> arguments, string endpointUrl, string accessKeyId, TimeSpan timeout, string secretAccessKey = "dummy")
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["AWS_ENDPOINT_URL"] = endpointUrl;
            start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
            start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
            start.Environment["AWS_REGION"] = RunningEndpoint.Region;
            start.Environment["AWS_DEFAULT_REGION"] = RunningEndpoint.Region;
            // No profile, config or session from the machine may change what the client does.
            var none = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sqsdemo-no-aws-config-" + Guid.NewGuid().ToString("N"));
            start.Environment["AWS_CONFIG_FILE"] = none;
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = none;
            start.Environment.Remove("AWS_PROFILE");
            start.Environment.Remove("AWS_SESSION_TOKEN");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(program + " did not finish within " + timeout + ": " + await error);
            }
            return new Outcome { ExitCode = process.ExitCode, Output = (await output).Trim(), Error = (await error).Trim() };
        }
    }
}
