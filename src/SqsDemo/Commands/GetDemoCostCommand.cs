using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Cost;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Prices a run as AWS bills it: its SQS requests (64 KiB chunks, batches, FIFO) and its DynamoDB on-demand request units, from the journal.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoCost", DefaultParameterSetName = RunSet)]
    [OutputType(typeof(CostRow))]
    public sealed class GetDemoCostCommand : DemoBackendCmdlet
    {
        private const string RunSet = "Run";
        private const string ResultSet = "Result";

        /// <summary>A finished scenario's result: its journal instead of the session's run.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public ScenarioResult? Result { get; set; }

        /// <summary>Only the calls on this queue (and the DynamoDB requests of those who made them); without it, the whole run.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        /// <summary>Rows by Operation (the default), by Actor, or by OperationAndActor.</summary>
        [Parameter]
        public CostGrouping By { get; set; } = CostGrouping.Operation;

        /// <summary>Let the SQS free tier (1 million requests a month in the default list) pay for the first requests.</summary>
        [Parameter]
        public SwitchParameter FreeTier { get; set; }

        /// <summary>Your own prices: a hashtable or the path of a JSON file with the embedded list's keys.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? PriceList { get; set; }

        protected override string? TargetQueueUrl => Result != null ? null : QueueUrl;

        protected override void ProcessRecord()
        {
            var prices = Prices();
            var events = Result != null ? Result.Journal : ActiveBackend.Journal.Snapshot();
            if (!string.IsNullOrEmpty(QueueUrl)) events = JournalCost.OfQueue(events, QueueUrl!);
            foreach (var row in JournalCost.Group(JournalCost.Price(events, prices, FreeTier.IsPresent), By)) WriteObject(row);
        }

        private Engine.Cost.PriceList Prices()
        {
            var given = PriceList is PSObject wrapped ? wrapped.BaseObject : PriceList;
            try
            {
                switch (given)
                {
                    case null: return Engine.Cost.PriceList.Default();
                    case IDictionary table: return Engine.Cost.PriceList.FromDictionary(table, "-PriceList");
                    case string path:
                        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                        if (!File.Exists(full)) throw new PriceListException("there is no file " + full + ".");
                        return Engine.Cost.PriceList.FromJson(File.ReadAllText(full), full);
                    default: throw new PriceListException("-PriceList is a " + given.GetType().Name + "; give a hashtable or a JSON file's path.");
                }
            }
            catch (PriceListException e)
            {
                ThrowTerminatingError(ErrorRecords.InvalidPriceList(e.Message, PriceList));
                throw; // not reached: ThrowTerminatingError throws
            }
        }
    }
}
