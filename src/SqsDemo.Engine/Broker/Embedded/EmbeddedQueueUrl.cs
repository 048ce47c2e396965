using System.Text.RegularExpressions;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// The shape of an embedded broker's queue URLs: http://sqs.REGION[.BROKERID].embedded.sqsdemo/ACCOUNT/NAME.
    /// The broker id tells which in-memory broker holds a queue, so a URL that crosses runspaces or
    /// processes still says where its queue lives.
    /// </summary>
    public static class EmbeddedQueueUrl
    {
        private static readonly Regex BrokerIdPattern = new Regex("^[a-z0-9]{1,32}$", RegexOptions.CultureInvariant);
        private static readonly Regex UrlPattern = new Regex(@"^http://sqs\.[A-Za-z0-9-]+\.(?<id>[a-z0-9]{1,32})\.embedded\.sqsdemo/", RegexOptions.CultureInvariant);

        public static bool IsValidBrokerId(string? id) => id != null && BrokerIdPattern.IsMatch(id);

        internal static string Prefix(string region, string accountId, string? brokerId) =>
            "http://sqs." + region + (brokerId == null ? "" : "." + brokerId) + QueueAddressing.HostSuffix + "/" + accountId + "/";

        /// <summary>The broker id in <paramref name="url"/>; false for any other URL, and for an embedded one without an id.</summary>
        public static bool TryGetBrokerId(string? url, out string brokerId)
        {
            var match = url == null ? Match.Empty : UrlPattern.Match(url);
            brokerId = match.Success ? match.Groups["id"].Value : "";
            return match.Success;
        }
    }
}
