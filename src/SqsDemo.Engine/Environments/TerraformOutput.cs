using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace SqsDemo.Engine.Environments
{
    /// <summary>
    /// Queues and tables that the project's Terraform created for one environment (one scenario),
    /// as named in <c>terraform output -json</c>. An environment of that name is adopted rather
    /// than created: see <see cref="EnvironmentProvisioner"/>.
    /// </summary>
    public sealed class ProvisionedEnvironment
    {
        public string Name { get; set; } = "";
        public string QueueUrl { get; set; } = "";
        public string QueueArn { get; set; } = "";
        public string DeadLetterQueueUrl { get; set; } = "";
        public string DeadLetterQueueArn { get; set; } = "";
        public bool Fifo { get; set; }
        public string? StatusTable { get; set; }
        public string? SideEffectsTable { get; set; }
        public string? EffectLogTable { get; set; }
        public string? VersionsTable { get; set; }
        public string? ResultsTable { get; set; }

        public bool HasLedger => StatusTable != null && SideEffectsTable != null;
    }

    /// <summary>
    /// Reads the JSON of <c>terraform output -json</c>. The shape (the README's "Terraform output"
    /// section, and what <c>terraform/outputs.tf</c> writes):
    /// <code>
    /// { "aws_region": { "value": "eu-west-1" },
    ///   "scenarios":  { "value": { "poison": { "queue_url": "...", "queue_arn": "...",
    ///                                          "dlq_url": "...", "dlq_arn": "...", "fifo": false,
    ///                                          "status_table": null, "side_effects_table": null,
    ///                                          "effect_log_table": null, "entity_versions_table": null,
    ///                                          "results_table": null } } } }
    /// </code>
    /// Other outputs are ignored; <c>aws_region</c> may be absent. A table given as null or "" is absent.
    /// </summary>
    public sealed class TerraformOutput
    {
        public const string RegionOutput = "aws_region";
        public const string ScenariosOutput = "scenarios";

        /// <summary>The fields of each scenario's entry, in the order the README lists them.</summary>
        public static readonly IReadOnlyList<string> Fields = new[]
        {
            "queue_url", "queue_arn", "dlq_url", "dlq_arn", "fifo",
            "status_table", "side_effects_table", "effect_log_table", "entity_versions_table", "results_table",
        };

        private TerraformOutput(string? region, IReadOnlyDictionary<string, ProvisionedEnvironment> environments)
        {
            Region = region;
            Environments = environments;
        }

        public string? Region { get; }

        /// <summary>By environment name (the scenario's name), case-sensitive as Terraform keys are.</summary>
        public IReadOnlyDictionary<string, ProvisionedEnvironment> Environments { get; }

        /// <summary>Reads the file at <paramref name="path"/>; throws <see cref="TerraformOutputException"/> when it is missing or not of the agreed shape.</summary>
        public static TerraformOutput Load(string path)
        {
            string json;
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new TerraformOutputException(TerraformOutputException.NotReadable, $"The Terraform output '{path}' cannot be read: {e.Message}", e);
            }
            return Parse(json, path);
        }

        public static TerraformOutput Parse(string json, string source = "the Terraform output")
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException e)
            {
                throw Invalid(source, "it is not JSON (" + e.Message + ")", e);
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw Invalid(source, "it is not a JSON object of outputs");
                string? region = null;
                if (root.TryGetProperty(RegionOutput, out var regionOutput))
                {
                    var value = ValueOf(regionOutput, RegionOutput, source);
                    if (value.ValueKind != JsonValueKind.String) throw Invalid(source, "output 'aws_region' is not a string");
                    region = value.GetString();
                }
                if (!root.TryGetProperty(ScenariosOutput, out var scenariosOutput))
                    throw Invalid(source, "it has no 'scenarios' output (was it written by `terraform output -json` in terraform/?)");
                var scenarios = ValueOf(scenariosOutput, ScenariosOutput, source);
                if (scenarios.ValueKind != JsonValueKind.Object) throw Invalid(source, "output 'scenarios' is not a map");
                var environments = new Dictionary<string, ProvisionedEnvironment>(StringComparer.Ordinal);
                foreach (var scenario in scenarios.EnumerateObject())
                    environments[scenario.Name] = ReadEnvironment(scenario.Name, scenario.Value, source);
                return new TerraformOutput(region, environments);
            }
        }

        private static ProvisionedEnvironment ReadEnvironment(string name, JsonElement entry, string source)
        {
            if (entry.ValueKind != JsonValueKind.Object) throw Invalid(source, $"scenario '{name}' is not an object");
            var environment = new ProvisionedEnvironment
            {
                Name = name,
                QueueUrl = Required(entry, name, "queue_url", source),
                QueueArn = Required(entry, name, "queue_arn", source),
                DeadLetterQueueUrl = Required(entry, name, "dlq_url", source),
                DeadLetterQueueArn = Required(entry, name, "dlq_arn", source),
                StatusTable = Optional(entry, name, "status_table", source),
                SideEffectsTable = Optional(entry, name, "side_effects_table", source),
                EffectLogTable = Optional(entry, name, "effect_log_table", source),
                VersionsTable = Optional(entry, name, "entity_versions_table", source),
                ResultsTable = Optional(entry, name, "results_table", source),
            };
            if (entry.TryGetProperty("fifo", out var fifo) && fifo.ValueKind != JsonValueKind.Null)
            {
                if (fifo.ValueKind != JsonValueKind.True && fifo.ValueKind != JsonValueKind.False)
                    throw Invalid(source, $"scenario '{name}': 'fifo' is not true or false");
                environment.Fifo = fifo.GetBoolean();
            }
            else environment.Fifo = QueueAddress.IsFifo(environment.QueueUrl);
            if (environment.Fifo != QueueAddress.IsFifo(environment.QueueUrl))
                throw Invalid(source, $"scenario '{name}': 'fifo' says {(environment.Fifo ? "FIFO" : "standard")} but the queue URL says otherwise");
            if ((environment.StatusTable == null) != (environment.SideEffectsTable == null))
                throw Invalid(source, $"scenario '{name}': a ledger needs both 'status_table' and 'side_effects_table'");
            return environment;
        }

        /// <summary>An output is { "value": ... } (with "type" and "sensitive" beside it).</summary>
        private static JsonElement ValueOf(JsonElement output, string name, string source)
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("value", out var value))
                throw Invalid(source, $"output '{name}' has no 'value' (give the JSON of `terraform output -json`)");
            return value;
        }

        private static string Required(JsonElement entry, string name, string field, string source) =>
            Optional(entry, name, field, source) ?? throw Invalid(source, $"scenario '{name}' has no '{field}'");

        private static string? Optional(JsonElement entry, string name, string field, string source)
        {
            if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind != JsonValueKind.String) throw Invalid(source, $"scenario '{name}': '{field}' is not a string");
            var text = value.GetString();
            return string.IsNullOrEmpty(text) ? null : text;
        }

        private static TerraformOutputException Invalid(string source, string why, Exception? inner = null) =>
            new TerraformOutputException(TerraformOutputException.InvalidShape, $"{source} is not of the shape SqsDemo reads: {why}.", inner);
    }

    public sealed class TerraformOutputException : Exception
    {
        public const string NotReadable = "TerraformOutputNotReadable";
        public const string InvalidShape = "TerraformOutputInvalid";

        public TerraformOutputException(string errorCode, string message, Exception? inner = null) : base(message, inner) => ErrorCode = errorCode;

        public string ErrorCode { get; }
    }
}
