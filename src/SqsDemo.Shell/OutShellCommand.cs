using System;
using System.Management.Automation;

namespace SqsDemo.Shell;

/// <summary>
/// The last step of every command the shell runs: Out-Default, plus two things Out-Default alone
/// does not do.
/// It shows each object to <see cref="OutputVerdict"/> as it streams by, so failed scenario
/// results decide the exit code.
/// And it keeps output that was already produced when the command fails: Out-Default holds table
/// rows back for a moment to size the columns, and a terminating error (a throw, `exit`) tears the
/// pipeline down without ever ending it, so those rows were lost (PowerShell issue #13985), exactly
/// the output a CI log needs most. Here Out-Default runs as a steppable pipeline that this cmdlet
/// ends on Dispose when it did not get to end normally.
/// It is never registered in the session: the shell adds it to the pipeline by type, so users
/// cannot see or call it.
/// </summary>
[Cmdlet(VerbsData.Out, "Shell")]
public sealed class OutShellCommand : PSCmdlet, IDisposable
{
    private SteppablePipeline? _outDefault;

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true)]
    public OutputVerdict Verdict { get; set; } = null!;

    protected override void BeginProcessing()
    {
        _outDefault = ScriptBlock.Create("Out-Default").GetSteppablePipeline(CommandOrigin.Internal);
        _outDefault.Begin(this);
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            Verdict.Observe(InputObject);
        }

        // The very PSObject received: it carries the "writeErrorStream" note that makes Out-Default
        // render a merged error record as an error.
        _outDefault!.Process(InputObject);
    }

    protected override void EndProcessing() => Finish();

    public void Dispose()
    {
        try
        {
            Finish();
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException)
        {
            // Best effort on a pipeline that is already failing or stopped: the error itself is reported by the shell.
        }
    }

    private void Finish()
    {
        SteppablePipeline? outDefault = _outDefault;
        _outDefault = null;
        if (outDefault is not null)
        {
            outDefault.End();
            outDefault.Dispose();
        }
    }
}
