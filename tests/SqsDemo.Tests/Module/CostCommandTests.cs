using System;
using System.IO;
using System.Linq;
using SqsDemo.Engine.Cost;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Get-DemoCost through the module: a run's sends priced, its own price list, and a malformed one refused.</summary>
    public sealed class CostCommandTests : IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Fact]
        public void Get_DemoCost_prices_single_sends_and_batches_by_operation_and_by_actor()
        {
            _session.Run("Connect-DemoBackend -TimeScale 200 -Seed 5 | Out-Null; $c = New-DemoEnvironment -Name priced; $c | Send-DemoMessage -Count 7 | Out-Null; $c | Send-DemoMessage -Count 25 -BatchSize 10 | Out-Null").NoErrors();
            var rows = _session.Run("Get-DemoCost").NoErrors().Objects<CostRow>().ToArray();
            Assert.Equal(7, rows.Single(r => r.Operation == "SendMessage").BilledUnits);
            Assert.Equal(3, rows.Single(r => r.Operation == "SendMessageBatch").Calls); // 10 + 10 + 5
            Assert.All(rows, r => Assert.Equal(PriceList.Default().Date, r.PriceDate));
            var byActor = _session.Run("Get-DemoCost -By Actor").NoErrors().Objects<CostRow>().ToArray();
            Assert.All(byActor, r => Assert.Equal("*", r.Operation));
            Assert.Equal(rows.Where(r => r.Service == "SQS").Sum(r => r.BilledUnits), byActor.Where(r => r.Service == "SQS").Sum(r => r.BilledUnits));
            var free = _session.Run("Get-DemoCost -FreeTier").NoErrors().Objects<CostRow>().ToArray();
            Assert.All(free.Where(r => r.Service == "SQS"), r => Assert.Equal(0m, r.CostUsd));
        }

        [Fact]
        public void A_price_list_of_your_own_is_used_and_a_malformed_one_is_InvalidPriceList()
        {
            _session.Run("Connect-DemoBackend -TimeScale 200 -Seed 6 | Out-Null; $c = New-DemoEnvironment -Name mine; $c | Send-DemoMessage -Count 2 | Out-Null").NoErrors();
            const string mine = "@{ name = 'mine'; date = '2030-01-01'; sqsStandardPerMillionRequests = 1000000; sqsFifoPerMillionRequests = 1; sqsFreeRequestsPerMonth = 0; dynamoDbWritePerMillionUnits = 1; dynamoDbReadPerMillionUnits = 1 }";
            var row = _session.Run($"Get-DemoCost -PriceList {mine}").NoErrors().Objects<CostRow>().Single(r => r.Operation == "SendMessage");
            Assert.Equal("mine", row.PriceList);
            Assert.Equal(2m, row.CostUsd);
            var file = Path.Combine(Path.GetTempPath(), "sqsdemo-prices-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                File.WriteAllText(file, "{ \"name\": \"from a file\", \"sqsStandardPerMillionRequests\": 0.4, \"sqsFifoPerMillionRequests\": 0.5, \"sqsFreeRequestsPerMonth\": 0, \"dynamoDbWritePerMillionUnits\": 0.625, \"dynamoDbReadPerMillionUnits\": 0.125 }");
                Assert.Equal("from a file", _session.Run($"Get-DemoCost -PriceList '{file}'").NoErrors().Objects<CostRow>().First().PriceList);
                File.WriteAllText(file, "{ \"sqsStandardPerMillionRequests\": 0.4 ");
                Assert.Equal("InvalidPriceList,SqsDemo.Commands.GetDemoCostCommand", _session.RunExpectingTerminatingError($"Get-DemoCost -PriceList '{file}'").FullyQualifiedErrorId);
            }
            finally
            {
                File.Delete(file);
            }
            var missing = _session.RunExpectingTerminatingError("Get-DemoCost -PriceList @{ sqsStandardPerMillionRequests = 1 }");
            Assert.Equal("InvalidPriceList,SqsDemo.Commands.GetDemoCostCommand", missing.FullyQualifiedErrorId);
            Assert.Contains("sqsFifoPerMillionRequests", missing.Exception.Message);
            Assert.Equal("InvalidPriceList,SqsDemo.Commands.GetDemoCostCommand", _session.RunExpectingTerminatingError("Get-DemoCost -PriceList ./no-such-prices.json").FullyQualifiedErrorId);
            Assert.Equal("InvalidPriceList,SqsDemo.Commands.GetDemoCostCommand", _session.RunExpectingTerminatingError("Get-DemoCost -PriceList 42").FullyQualifiedErrorId);
        }
    }
}
