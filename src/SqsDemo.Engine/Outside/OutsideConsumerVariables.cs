using System.Collections.Generic;
using SqsDemo.Engine.Work;

namespace SqsDemo.Engine.Outside
{
    /// <summary>
    /// The environment an outside consumer runs in: the seeds' variables pointing at the endpoint, credentials whose
    /// access key id names the process, and nothing of this machine's AWS set-up that could send it elsewhere.
    /// </summary>
    public static class OutsideConsumerVariables
    {
        /// <summary>The secret of the dummy credentials, for an endpoint that checks no signatures (it accepts any).</summary>
        public const string DummySecret = "sqsdemo-dummy-secret";

        public static IReadOnlyDictionary<string, string?> For(OutsideConsumerOptions options, string incarnationId, string secret, string endpointUrl, string queueUrl, string region)
        {
            var variables = new Dictionary<string, string?>
            {
                [ReferenceConsumerVariables.QueueUrl] = queueUrl,
                ["AWS_ENDPOINT_URL"] = endpointUrl,
                ["AWS_REGION"] = region,
                ["AWS_DEFAULT_REGION"] = region,
                ["AWS_ACCESS_KEY_ID"] = incarnationId,
                ["AWS_SECRET_ACCESS_KEY"] = secret,
                // A developer's own profile, session token or service-specific endpoints would win over ours.
                ["AWS_SESSION_TOKEN"] = null,
                ["AWS_PROFILE"] = null,
                ["AWS_ENDPOINT_URL_SQS"] = null,
                ["AWS_ENDPOINT_URL_DYNAMODB"] = null,
                ["AWS_EC2_METADATA_DISABLED"] = "true",
                ["NO_PROXY"] = "127.0.0.1,localhost",
                ["no_proxy"] = "127.0.0.1,localhost",
                // Python buffers a piped stdout: its lines would reach the job only at exit.
                ["PYTHONUNBUFFERED"] = "1",
            };
            if (options.StatusTable != null) variables[ReferenceConsumerVariables.MessageStatusTable] = options.StatusTable;
            if (options.SideEffectsTable != null) variables[ReferenceConsumerVariables.MessageSideEffectsTable] = options.SideEffectsTable;
            if (options.VersionsTable != null) variables[ReferenceConsumerVariables.EntityVersionsTable] = options.VersionsTable;
            foreach (var knob in options.Knobs) variables[knob.Key] = knob.Value;
            foreach (var own in options.Environment) variables[own.Key] = own.Value;
            return variables;
        }
    }
}
