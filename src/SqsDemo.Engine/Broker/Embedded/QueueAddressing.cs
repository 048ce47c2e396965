using System.Text.RegularExpressions;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>Queue names, URLs and ARNs of one embedded region and account.</summary>
    internal sealed class QueueAddressing
    {
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9_-]{1,80}$", RegexOptions.CultureInvariant);

        /// <summary>The end of every embedded queue URL's host: no endpoint answers there.</summary>
        public const string HostSuffix = ".embedded.sqsdemo";

        public QueueAddressing(string region, string accountId, string? brokerId = null)
        {
            UrlPrefix = EmbeddedQueueUrl.Prefix(region, accountId, brokerId);
            ArnPrefix = "arn:aws:sqs:" + region + ":" + accountId + ":";
        }

        public string UrlPrefix { get; }
        public string ArnPrefix { get; }

        public static bool IsValidStandardName(string? name) => name != null && NamePattern.IsMatch(name);

        public const string FifoSuffix = ".fifo";

        public static bool LooksFifo(string? name) => name != null && name.EndsWith(FifoSuffix, System.StringComparison.Ordinal);

        /// <summary>1-75 characters of [A-Za-z0-9_-] then ".fifo": the suffix counts toward the 80.</summary>
        public static bool IsValidFifoName(string? name) =>
            LooksFifo(name) && name!.Length <= 80 && NamePattern.IsMatch(name.Substring(0, name.Length - FifoSuffix.Length));

        public string UrlOf(string name) => UrlPrefix + name;

        public string ArnOf(string name) => ArnPrefix + name;

        public bool TryNameFromUrl(string? url, out string name) => TryStrip(url, UrlPrefix, out name);

        public bool TryNameFromArn(string? arn, out string name) => TryStrip(arn, ArnPrefix, out name);

        private static bool TryStrip(string? text, string prefix, out string name)
        {
            name = "";
            if (text == null || !text.StartsWith(prefix, System.StringComparison.Ordinal)) return false;
            name = text.Substring(prefix.Length);
            return name.Length > 0;
        }
    }
}
