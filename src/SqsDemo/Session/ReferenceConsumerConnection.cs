using System;
using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Infrastructure;

namespace SqsDemo.Session
{
    /// <summary>
    /// -FromEnvironmentVariables's connection: a session with no backend of its own (no Connect-DemoBackend,
    /// no scenario run open) whose QUEUE_URL names a queue at an endpoint or on AWS connects the way
    /// the seeds' consumer and producer do, instead of looking for that URL in the embedded broker.
    /// </summary>
    internal static class ReferenceConsumerConnection
    {
        /// <summary>Connects the session when it should (see the class); otherwise leaves it as it is.</summary>
        public static void ConnectIfNeeded(PSCmdlet cmdlet, DemoSession session, string? queueUrl)
        {
            if (session.HasBackendOfItsOwn || !ReferenceConsumerBackend.NamesEndpoint(queueUrl)) return;
            AwsConnection connection;
            try
            {
                connection = ReferenceConsumerBackend.ResolveConnection();
            }
            catch (AwsConnectionException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(e, queueUrl));
                return;
            }
            // Where each setting came from, as Connect-DemoBackend says it; never a secret.
            cmdlet.WriteDebug("Endpoint: " + (connection.Endpoint?.ToString() ?? "AWS") + " (from " + connection.EndpointSource + ").");
            cmdlet.WriteDebug("Region: " + connection.Region + " (from " + connection.RegionSource + ").");
            cmdlet.WriteDebug("Credentials: from " + connection.CredentialSource + ".");
            var backend = ReferenceConsumerBackend.Connect(connection);
            session.Connect(backend);
            cmdlet.WriteVerbose("QUEUE_URL names a queue at " + (connection.Endpoint?.ToString() ?? "AWS " + connection.Region)
                + " and the session had no backend of its own: connected to " + backend.Description + ", as Connect-DemoBackend would.");
        }
    }
}
