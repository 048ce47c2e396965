using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SqsDemo.Scenarios;
using SqsDemo.Session;

namespace SqsDemo.Completers
{
    /// <summary>Shared shape: candidates from a source of truth, matched as a wildcard prefix.</summary>
    public abstract class PrefixCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<(string Value, string Tooltip)> Candidates();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            IEnumerable<(string Value, string Tooltip)> candidates;
            try
            {
                candidates = Candidates().ToArray();
            }
            catch (Exception)
            {
                // Completion must never throw at the prompt.
                yield break;
            }
            // The name typed in full comes first (Tab on "poison" must not give "poison-partial-batch"), the rest in their order.
            var matches = candidates.Where(c => pattern.IsMatch(c.Value))
                .OrderBy(c => string.Equals(c.Value, word, StringComparison.OrdinalIgnoreCase) ? 0 : 1);
            foreach (var (value, tooltip) in matches)
            {
                var text = value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`' }) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
                yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(tooltip) ? value : tooltip);
            }
        }
    }

    public sealed class ScenarioNameCompleter : PrefixCompleter
    {
        protected override IEnumerable<(string, string)> Candidates()
        {
            var module = typeof(ScenarioNameCompleter).Assembly.Location;
            var moduleBase = System.IO.Path.GetDirectoryName(module);
            return ScenarioCatalog.List(ModuleBase.Find() ?? moduleBase).Select(s => (s.Name, s.Synopsis));
        }
    }

    public sealed class EnvironmentNameCompleter : PrefixCompleter
    {
        protected override IEnumerable<(string, string)> Candidates() =>
            DemoSession.Current.Environments.Select(e => (e.Name, e.QueueUrl));
    }

    public sealed class QueueUrlCompleter : PrefixCompleter
    {
        protected override IEnumerable<(string, string)> Candidates() =>
            DemoSession.Current.Environments.SelectMany(e => new[] { (e.QueueUrl, e.Name), (e.DeadLetterQueueUrl, e.Name + " DLQ") })
                .GroupBy(candidate => candidate.Item1, StringComparer.Ordinal).Select(shared => shared.First()); // a shared DLQ once
    }

    /// <summary>The metrics Get-DemoMetric and New-DemoAlarm know, with what each counts.</summary>
    public sealed class MetricNameCompleter : PrefixCompleter
    {
        protected override IEnumerable<(string, string)> Candidates() =>
            Engine.Metrics.MetricCatalog.All.Select(m => (m.Name, m.Namespace + ": " + m.Description + " (" + m.Unit + ")"));
    }

    /// <summary>The alarms attached to the session's run.</summary>
    public sealed class AlarmNameCompleter : PrefixCompleter
    {
        protected override IEnumerable<(string, string)> Candidates() =>
            Engine.Alarms.RunAlarms.Of(DemoSession.Current.Backend).Alarms.Select(a => (a.Name, a.MetricName + " on " + a.Queue + ": " + a.State));
    }

    /// <summary>The operations the endpoint serves, SQS's then DynamoDB's, for a fault's -Operation.</summary>
    public sealed class EndpointOperationCompleter : PrefixCompleter
    {
        protected override IEnumerable<(string, string)> Candidates() =>
            Engine.Endpoint.Faults.EndpointOperationNames.Sqs.Select(o => (o, "SQS " + o))
                .Concat(Engine.Endpoint.Faults.EndpointOperationNames.DynamoDb.Select(o => (o, "DynamoDB " + o)));
    }
}
