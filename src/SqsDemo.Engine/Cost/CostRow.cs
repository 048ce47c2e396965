namespace SqsDemo.Engine.Cost
{
    /// <summary>What one kind of request cost: the calls made, the units AWS bills them as, and the price of those units.</summary>
    public sealed class CostRow
    {
        public CostRow(string service, string operation, string actor, long calls, double billedUnits, string unit,
            decimal pricePerMillion, double freeUnits, string priceList, string priceDate, string? note)
        {
            Service = service;
            Operation = operation;
            Actor = actor;
            Calls = calls;
            BilledUnits = billedUnits;
            Unit = unit;
            PricePerMillion = pricePerMillion;
            FreeUnits = freeUnits;
            PriceList = priceList;
            PriceDate = priceDate;
            Note = note;
        }

        /// <summary>SQS or DynamoDB.</summary>
        public string Service { get; }
        /// <summary>The API action (SendMessageBatch, ReceiveMessage, PutItem, ...); with -By Actor, "*".</summary>
        public string Operation { get; }
        /// <summary>Who made the calls (a consumer id, producer, the user); with -By Operation, "*".</summary>
        public string Actor { get; }
        /// <summary>API calls made.</summary>
        public long Calls { get; }
        /// <summary>Billed requests (SQS: one per 64 KiB chunk of each call) or request units (DynamoDB: WRU, RRU).</summary>
        public double BilledUnits { get; }
        /// <summary>Request (SQS standard), FifoRequest, WriteRequestUnit or ReadRequestUnit.</summary>
        public string Unit { get; }
        public decimal PricePerMillion { get; }
        /// <summary>Units the free tier (-FreeTier) paid for.</summary>
        public double FreeUnits { get; }
        /// <summary>(BilledUnits - FreeUnits) x PricePerMillion / 1,000,000, in US dollars.</summary>
        public decimal CostUsd => (decimal)(BilledUnits - FreeUnits) * PricePerMillion / 1_000_000m;
        public string PriceList { get; }
        public string PriceDate { get; }
        /// <summary>What the journal did not say and how the row priced it anyway (an item size it lacked, say).</summary>
        public string? Note { get; }

        public override string ToString() => Service + " " + Operation + " " + Actor + ": " + BilledUnits + " " + Unit + " $" + CostUsd;
    }
}
