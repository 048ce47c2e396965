using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the backend this session's cmdlets use.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoBackend")]
    [OutputType(typeof(DemoRun))]
    public sealed class GetDemoBackendCommand : DemoCmdlet
    {
        protected override void EndProcessing() => WriteObject(ActiveBackend);
    }
}
