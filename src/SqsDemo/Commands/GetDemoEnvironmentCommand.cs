using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the environments created in this session on the current backend.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoEnvironment")]
    [OutputType(typeof(DemoEnvironment))]
    public sealed class GetDemoEnvironmentCommand : DemoBackendCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
        public string Name { get; set; } = "*";

        protected override void EndProcessing()
        {
            var pattern = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            foreach (var environment in ActiveEnvironments)
                if (pattern.IsMatch(environment.Name)) WriteObject(environment);
        }
    }
}
