using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using SqsDemo.Engine.Environments;

namespace SqsDemo.Tests.Moto
{
    /// <summary>What `terraform output -json` prints for one scenario's environment, as terraform/outputs.tf shapes it.</summary>
    internal static class TerraformOutputFile
    {
        /// <summary>Writes it to <paramref name="folder"/>/terraform-output.json and returns the file's path.</summary>
        public static string Write(string folder, ProvisionedEnvironment environment, string region)
        {
            var entry = new Dictionary<string, object?>
            {
                ["queue_url"] = environment.QueueUrl, ["queue_arn"] = environment.QueueArn, ["dlq_url"] = environment.DeadLetterQueueUrl, ["dlq_arn"] = environment.DeadLetterQueueArn,
                ["fifo"] = environment.Fifo, ["status_table"] = environment.StatusTable, ["side_effects_table"] = environment.SideEffectsTable,
                ["effect_log_table"] = environment.EffectLogTable, ["entity_versions_table"] = environment.VersionsTable,
                ["results_table"] = environment.ResultsTable,
            };
            var output = new Dictionary<string, object>
            {
                ["aws_region"] = new Dictionary<string, object> { ["sensitive"] = false, ["type"] = "string", ["value"] = region },
                ["scenarios"] = new Dictionary<string, object> { ["sensitive"] = false, ["value"] = new Dictionary<string, object> { [environment.Name] = entry } },
            };
            var path = Path.Combine(folder, "terraform-output.json");
            File.WriteAllText(path, JsonSerializer.Serialize(output));
            return path;
        }
    }
}
