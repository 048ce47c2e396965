using System;
using System.Net;
using System.Net.Sockets;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Outside;

namespace SqsDemo.Engine.Environments.Preflight
{
    /// <summary>What a run needs besides queues and tables: a loopback port, the consumer's program, a region and credentials.</summary>
    public static class ToolChecks
    {
        /// <summary>SqsDemo's endpoint (which a consumer process talks to) listens on a loopback port the system gives it: one must be free.</summary>
        public static EnvironmentCheck FreeLoopbackPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            try
            {
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                return new EnvironmentCheck(EnvironmentCheck.EveryRun, "LoopbackPort", true, $"127.0.0.1:{port} could be bound (and was released)");
            }
            catch (SocketException e)
            {
                return new EnvironmentCheck(EnvironmentCheck.EveryRun, "LoopbackPort", false, "no loopback port could be bound: " + e.Message,
                    "Free loopback ports (stop what holds them) or allow this process to listen on 127.0.0.1.");
            }
            finally
            {
                listener.Stop();
            }
        }

        /// <summary>The consumer command's program, found as the process start finds it: a path as given, else on PATH.</summary>
        public static EnvironmentCheck ConsumerProgram(string commandLine, string workingDirectory, string? path)
        {
            ConsumerCommandLine command;
            try
            {
                command = ConsumerCommandLine.Parse(commandLine);
            }
            catch (ArgumentException e)
            {
                return new EnvironmentCheck(EnvironmentCheck.EveryRun, "ConsumerProgram", false, e.Message, "Give -Consumer a command line that starts with a program, e.g. 'python3 consume.py'.");
            }
            var found = ProgramLocator.Find(command.Program, workingDirectory, path);
            return found != null
                ? new EnvironmentCheck(EnvironmentCheck.EveryRun, "ConsumerProgram", true, $"{command.Program}: {found}")
                : new EnvironmentCheck(EnvironmentCheck.EveryRun, "ConsumerProgram", false, $"'{command.Program}' is not on PATH{(command.Program.IndexOfAny(new[] { '/', '\\' }) >= 0 ? " (nor at that path from " + workingDirectory + ")" : "")}",
                    $"Install {command.Program}, put its folder on PATH, or give its full path in -Consumer.");
        }

        /// <summary>
        /// A region and credentials as Connect-DemoBackend resolves them (<paramref name="resolve"/>: AwsConnection.Resolve with
        /// the Terraform output's aws_region): two rows, never a secret in either.
        /// </summary>
        public static EnvironmentCheck[] RegionAndCredentials(Func<AwsConnection> resolve)
        {
            try
            {
                var connection = resolve();
                return new[]
                {
                    new EnvironmentCheck(EnvironmentCheck.EveryRun, "Region", true, $"{connection.Region} (from {connection.RegionSource})"),
                    new EnvironmentCheck(EnvironmentCheck.EveryRun, "Credentials", true, "from " + connection.CredentialSource),
                };
            }
            catch (AwsConnectionException e) when (e.ErrorCode == AwsConnectionException.NoRegion || e.ErrorCode == AwsConnectionException.InvalidRegion)
            {
                return new[]
                {
                    new EnvironmentCheck(EnvironmentCheck.EveryRun, "Region", false, e.Message, "Set AWS_REGION, give aws_region in the Terraform output, or a region in your AWS profile."),
                };
            }
            catch (AwsConnectionException e)
            {
                return new[]
                {
                    new EnvironmentCheck(EnvironmentCheck.EveryRun, "Credentials", false, e.ErrorCode + ": " + e.Message,
                        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile with credentials (aws configure)."),
                };
            }
        }
    }
}
