using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SqsDemo.Engine.Cost
{
    /// <summary>
    /// What AWS charges per million SQS requests and DynamoDB on-demand request units, with the list's name and
    /// date: prices change, so a cost always says which list it used. The default is an embedded resource.
    /// </summary>
    public sealed class PriceList
    {
        internal static readonly string[] PriceKeys =
        {
            "sqsStandardPerMillionRequests", "sqsFifoPerMillionRequests", "sqsFreeRequestsPerMonth",
            "dynamoDbWritePerMillionUnits", "dynamoDbReadPerMillionUnits",
        };

        public PriceList(string name, string date, decimal sqsStandardPerMillionRequests, decimal sqsFifoPerMillionRequests,
            long sqsFreeRequestsPerMonth, decimal dynamoDbWritePerMillionUnits, decimal dynamoDbReadPerMillionUnits, string? source = null)
        {
            Name = name;
            Date = date;
            Source = source;
            SqsStandardPerMillionRequests = sqsStandardPerMillionRequests;
            SqsFifoPerMillionRequests = sqsFifoPerMillionRequests;
            SqsFreeRequestsPerMonth = sqsFreeRequestsPerMonth;
            DynamoDbWritePerMillionUnits = dynamoDbWritePerMillionUnits;
            DynamoDbReadPerMillionUnits = dynamoDbReadPerMillionUnits;
        }

        public string Name { get; }
        /// <summary>The day the prices were read from their source.</summary>
        public string Date { get; }
        public string? Source { get; }
        public decimal SqsStandardPerMillionRequests { get; }
        public decimal SqsFifoPerMillionRequests { get; }
        public long SqsFreeRequestsPerMonth { get; }
        public decimal DynamoDbWritePerMillionUnits { get; }
        public decimal DynamoDbReadPerMillionUnits { get; }

        /// <summary>The embedded us-east-1 list.</summary>
        public static PriceList Default()
        {
            using var stream = typeof(PriceList).Assembly.GetManifestResourceStream("SqsDemo.Engine.Cost.PriceList.us-east-1.json")
                ?? throw new InvalidOperationException("The embedded price list is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return FromJson(reader.ReadToEnd(), "the embedded price list");
        }

        /// <summary>A price list from JSON text with the embedded list's keys.</summary>
        /// <exception cref="PriceListException">The text is not JSON, or a key is missing or not a non-negative number.</exception>
        public static PriceList FromJson(string json, string origin)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException e)
            {
                throw new PriceListException(origin + " is not JSON: " + e.Message);
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new PriceListException(origin + " is not a JSON object.");
                var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in document.RootElement.EnumerateObject())
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.Number => property.Value.GetDecimal(),
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Array => string.Join(" ", property.Value.EnumerateArray().Select(v => v.ToString())),
                        _ => property.Value.ToString(),
                    };
                return FromValues(values, origin);
            }
        }

        /// <summary>A price list from a hashtable (PowerShell's @{...}) with the embedded list's keys.</summary>
        public static PriceList FromDictionary(IDictionary table, string origin)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in table) values[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = entry.Value;
            return FromValues(values, origin);
        }

        private static PriceList FromValues(IDictionary<string, object?> values, string origin)
        {
            var unknown = values.Keys.Where(k => !PriceKeys.Contains(k, StringComparer.OrdinalIgnoreCase)
                && !new[] { "name", "date", "region", "sources", "source" }.Contains(k, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (unknown.Length > 0) throw new PriceListException(origin + " has keys a price list does not have: " + string.Join(", ", unknown) + ". Its keys are name, date, " + string.Join(", ", PriceKeys) + ".");
            var prices = PriceKeys.Select(k => Price(values, k, origin)).ToArray();
            if (prices[2] != decimal.Truncate(prices[2])) throw new PriceListException(origin + ": sqsFreeRequestsPerMonth must be a whole number of requests.");
            string Text(string key) => values.TryGetValue(key, out var v) && v != null ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" : "";
            var name = Text("name");
            return new PriceList(name.Length == 0 ? origin : name, Text("date").Length == 0 ? "undated" : Text("date"),
                prices[0], prices[1], (long)prices[2], prices[3], prices[4], Text("sources").Length > 0 ? Text("sources") : Text("source"));
        }

        private static decimal Price(IDictionary<string, object?> values, string key, string origin)
        {
            if (!values.TryGetValue(key, out var value) || value == null) throw new PriceListException(origin + " has no " + key + ".");
            decimal price;
            try
            {
                price = value is string text ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is OverflowException)
            {
                throw new PriceListException(origin + ": " + key + " is not a number (" + value + ").");
            }
            if (price < 0) throw new PriceListException(origin + ": " + key + " is negative (" + price.ToString(CultureInfo.InvariantCulture) + ").");
            return price;
        }

        public override string ToString() => Name + " (" + Date + ")";
    }

    /// <summary>A price list that cannot be used: what is wrong with it, in a sentence.</summary>
    public sealed class PriceListException : Exception
    {
        public PriceListException(string message) : base(message) { }
    }
}
