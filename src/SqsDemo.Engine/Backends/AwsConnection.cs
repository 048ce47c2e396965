using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using SqsDemo.Engine.Broker.Aws;

namespace SqsDemo.Engine.Backends
{
    /// <summary>
    /// Where requests go (AWS in a region, or an endpoint), which credentials sign them, and where
    /// each of those came from, resolved the way the AWS SDK and AWS Tools for PowerShell resolve
    /// them. The sources are plain text safe to show: a secret never appears in them (an access key
    /// id is shown by its last four characters only).
    /// </summary>
    /// <remarks>
    /// <para>Region, first found wins: the explicit region (or Terraform's, named by its source); the chosen profile's <c>region</c>;
    /// <c>AWS_REGION</c>; <c>AWS_DEFAULT_REGION</c>; the <c>region</c> of the profile named by
    /// <c>AWS_PROFILE</c> (else <c>default</c>). An endpoint without any of them is signed for us-east-1,
    /// as emulators expect; AWS itself without a region is an error (the SDK's last resort, EC2 instance
    /// metadata, is not asked: it hangs for seconds off EC2).</para>
    /// <para>Endpoint: the explicit one; else the chosen profile's <c>endpoint_url</c>; else
    /// <c>AWS_ENDPOINT_URL</c> (the SDKs' and the AWS CLI's shared setting); else AWS itself.</para>
    /// <para>Credentials: an explicit profile's. Otherwise at a loopback endpoint (an emulator): the
    /// environment's keys, else the AWS_PROFILE/default profile, else dummy keys, since emulators check
    /// none, and the SDK chain's container and instance-metadata lookups would only add seconds. Elsewhere
    /// the SDK's default chain (<see cref="DefaultAWSCredentialsIdentityResolver"/>: environment, web
    /// identity, profile, container, instance profile), its choice named by the credential type it returned.</para>
    /// </remarks>
    public sealed class AwsConnection
    {
        /// <summary>The region emulators are signed for when nothing names one.</summary>
        public const string EmulatorDefaultRegion = "us-east-1";

        private static readonly Regex RegionPattern = new Regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant);

        private AwsConnection(string region, string regionSource, Uri? endpoint, string endpointSource, AWSCredentials credentials, string credentialSource)
        {
            Region = region;
            RegionSource = regionSource;
            Endpoint = endpoint;
            EndpointSource = endpointSource;
            Credentials = credentials;
            CredentialSource = credentialSource;
        }

        public string Region { get; }
        public string RegionSource { get; }
        /// <summary>The endpoint of both SQS and DynamoDB; null for AWS itself (the region's public endpoints).</summary>
        public Uri? Endpoint { get; }
        public string EndpointSource { get; }
        public AWSCredentials Credentials { get; }
        public string CredentialSource { get; }

        /// <summary>AWS itself rather than an endpoint given by URL.</summary>
        public bool IsAws => Endpoint == null;

        /// <summary>A one-line name for the connection, e.g. "AWS eu-west-1" or "Endpoint http://127.0.0.1:5000/ (us-east-1)".</summary>
        public string Description => IsAws
            ? "AWS " + Region
            : "Endpoint " + Endpoint + " (" + Region + ")";

        /// <summary>Resolves a connection from the process's environment variables and the shared AWS config files.</summary>
        public static AwsConnection Resolve(string? region, string? profileName, Uri? endpoint, string? regionSource = null) =>
            // The SDK reads AWS_SHARED_CREDENTIALS_FILE once per process; reading it here honours a change made in the session.
            Resolve(region, profileName, endpoint, Environment.GetEnvironmentVariable,
                new CredentialProfileStoreChain(NonEmpty(Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"))), regionSource);

        /// <summary>
        /// Resolves a connection reading settings through <paramref name="environment"/> and profiles
        /// from <paramref name="profiles"/>. Throws <see cref="AwsConnectionException"/> (with a stable
        /// <see cref="AwsConnectionException.ErrorCode"/>) when the profile, region or endpoint is unusable.
        /// </summary>
        public static AwsConnection Resolve(string? region, string? profileName, Uri? endpoint, Func<string, string?> environment, CredentialProfileStoreChain profiles, string? regionSource = null)
        {
            if (environment == null) throw new ArgumentNullException(nameof(environment));
            if (profiles == null) throw new ArgumentNullException(nameof(profiles));

            CredentialProfile? chosenProfile = null;
            if (!string.IsNullOrEmpty(profileName))
            {
                if (!profiles.TryGetProfile(profileName, out chosenProfile))
                    throw new AwsConnectionException(AwsConnectionException.ProfileNotFound,
                        $"There is no AWS profile named '{profileName}' in the shared config or credentials files.");
            }
            var ambientProfileName = NonEmpty(environment("AWS_PROFILE")) ?? "default";
            CredentialProfile? ambientProfile = null;
            if (chosenProfile == null) profiles.TryGetProfile(ambientProfileName, out ambientProfile);

            var (resolvedEndpoint, endpointSource) = ResolveEndpoint(endpoint, chosenProfile, environment);
            var (resolvedRegion, resolvedRegionSource) = ResolveRegion(region, regionSource, chosenProfile, ambientProfile, resolvedEndpoint, environment);
            var (credentials, credentialSource) = ResolveCredentials(chosenProfile, ambientProfile, resolvedEndpoint, environment, profiles);
            return new AwsConnection(resolvedRegion, resolvedRegionSource, resolvedEndpoint, endpointSource, credentials, credentialSource);
        }

        /// <summary>The endpoint, in the SDK's order: the parameter, the chosen profile's endpoint_url, then AWS_ENDPOINT_URL; null for AWS itself.</summary>
        private static (Uri? Endpoint, string Source) ResolveEndpoint(Uri? endpoint, CredentialProfile? chosenProfile, Func<string, string?> environment)
        {
            string endpointSource;
            if (endpoint != null) endpointSource = "-EndpointUrl";
            else if (chosenProfile != null && NonEmpty(chosenProfile.EndpointUrl) is string profileEndpoint)
            {
                endpoint = ParseEndpoint(profileEndpoint, $"endpoint_url of profile '{chosenProfile.Name}'");
                endpointSource = $"endpoint_url of profile '{chosenProfile.Name}'";
            }
            else if (NonEmpty(environment("AWS_ENDPOINT_URL")) is string environmentEndpoint)
            {
                endpoint = ParseEndpoint(environmentEndpoint, "AWS_ENDPOINT_URL");
                endpointSource = "environment variable AWS_ENDPOINT_URL";
            }
            else endpointSource = "AWS (the region's public endpoints)";
            // A URL's user information would be written wherever the endpoint is shown: refused, never echoed.
            if (endpoint != null && endpoint.IsAbsoluteUri && !string.IsNullOrEmpty(endpoint.UserInfo))
                throw new AwsConnectionException(AwsConnectionException.InvalidEndpointUrl, $"The endpoint URL ({endpointSource}) carries a user name or password; give it without them.");
            if (endpoint != null && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
                throw new AwsConnectionException(AwsConnectionException.InvalidEndpointUrl, $"'{endpoint}' ({endpointSource}) is not an http or https URL.");
            return (endpoint, endpointSource);
        }

        /// <summary>The region: the parameter, the chosen profile, AWS_REGION, AWS_DEFAULT_REGION, the ambient profile, then an endpoint's default.</summary>
        private static (string Region, string Source) ResolveRegion(string? region, string? regionSource, CredentialProfile? chosenProfile,
            CredentialProfile? ambientProfile, Uri? endpoint, Func<string, string?> environment)
        {
            string? resolvedRegion;
            if (NonEmpty(region) is string explicitRegion) (resolvedRegion, regionSource) = (explicitRegion, regionSource ?? "-Region");
            else if (chosenProfile?.Region != null) (resolvedRegion, regionSource) = (chosenProfile.Region.SystemName, $"region of profile '{chosenProfile.Name}'");
            else if (NonEmpty(environment("AWS_REGION")) is string awsRegion) (resolvedRegion, regionSource) = (awsRegion, "environment variable AWS_REGION");
            else if (NonEmpty(environment("AWS_DEFAULT_REGION")) is string defaultRegion) (resolvedRegion, regionSource) = (defaultRegion, "environment variable AWS_DEFAULT_REGION");
            else if (ambientProfile?.Region != null) (resolvedRegion, regionSource) = (ambientProfile.Region.SystemName, $"region of profile '{ambientProfile.Name}'");
            else if (endpoint != null) (resolvedRegion, regionSource) = (EmulatorDefaultRegion, "the default for endpoints");
            else
                throw new AwsConnectionException(AwsConnectionException.NoRegion,
                    "No AWS region is configured: give -Region, set AWS_REGION, or set region in the AWS profile.");
            if (!RegionPattern.IsMatch(resolvedRegion))
                throw new AwsConnectionException(AwsConnectionException.InvalidRegion,
                    $"'{resolvedRegion}' ({regionSource}) is not an AWS region name such as us-east-1 or eu-west-2.");
            return (resolvedRegion, regionSource);
        }

        /// <summary>
        /// Credentials: the chosen profile's, the environment's keys, then, for an endpoint on this machine, the ambient
        /// profile's or dummy ones; otherwise the SDK's default chain.
        /// </summary>
        private static (AWSCredentials Credentials, string Source) ResolveCredentials(CredentialProfile? chosenProfile, CredentialProfile? ambientProfile,
            Uri? endpoint, Func<string, string?> environment, CredentialProfileStoreChain profiles)
        {
            if (chosenProfile != null)
            {
                if (!profiles.TryGetAWSCredentials(chosenProfile.Name, out var credentials))
                    throw new AwsConnectionException(AwsConnectionException.ProfileHasNoCredentials,
                        $"The AWS profile '{chosenProfile.Name}' has no usable credentials.");
                return (credentials, ProfileSource(chosenProfile));
            }
            if (FromEnvironment(environment) is var (environmentCredentials, environmentSource) && environmentCredentials != null)
                return (environmentCredentials, environmentSource);
            if (endpoint != null && AwsBroker.IsLoopback(endpoint))
            {
                if (ambientProfile != null && profiles.TryGetAWSCredentials(ambientProfile.Name, out var ambientCredentials))
                    return (ambientCredentials, ProfileSource(ambientProfile));
                return (new BasicAWSCredentials(AwsBroker.LoopbackAccessKey, AwsBroker.LoopbackAccessKey),
                    "dummy credentials (none configured; the endpoint is on this machine)");
            }
            try
            {
                var chained = DefaultAWSCredentialsIdentityResolver.GetCredentials();
                return (chained, ChainSource(chained, ambientProfile));
            }
            catch (AmazonClientException e)
            {
                throw new AwsConnectionException(AwsConnectionException.NoCredentials,
                    "No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give -ProfileName, or run where a role provides them. (" + e.Message + ")", e);
            }
        }

        /// <summary>The connection that an explicit endpoint and region give, with credentials as <see cref="Resolve(string, string, Uri)"/> finds them.</summary>
        public static AwsConnection ForEndpoint(Uri endpoint, string region) =>
            Resolve(region, null, endpoint ?? throw new ArgumentNullException(nameof(endpoint)));

        /// <summary>
        /// Puts the connection on a client's configuration: the endpoint's URL (signed for the region),
        /// or the region's own endpoint.
        /// </summary>
        public void Configure(ClientConfig config)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            if (Endpoint != null)
            {
                config.ServiceURL = Endpoint.ToString();
                config.AuthenticationRegion = Region;
            }
            else config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }

        private static (AWSCredentials? Credentials, string Source) FromEnvironment(Func<string, string?> environment)
        {
            var accessKey = NonEmpty(environment("AWS_ACCESS_KEY_ID"));
            var secretKey = NonEmpty(environment("AWS_SECRET_ACCESS_KEY"));
            if (accessKey == null || secretKey == null) return (null, "");
            var token = NonEmpty(environment("AWS_SESSION_TOKEN"));
            return token != null
                ? (new SessionAWSCredentials(accessKey, secretKey, token), $"environment variables AWS_ACCESS_KEY_ID ({MaskKey(accessKey)}), AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN")
                : (new BasicAWSCredentials(accessKey, secretKey), $"environment variables AWS_ACCESS_KEY_ID ({MaskKey(accessKey)}) and AWS_SECRET_ACCESS_KEY");
        }

        private static string ProfileSource(CredentialProfile profile)
        {
            var where = profile.CredentialProfileStore is SharedCredentialsFile file ? " in " + file.FilePath : "";
            return $"profile '{profile.Name}'{where}";
        }

        /// <summary>Names the link of the SDK's chain that answered, from the type it returned.</summary>
        private static string ChainSource(AWSCredentials credentials, CredentialProfile? ambientProfile)
        {
            switch (credentials)
            {
                case AssumeRoleWithWebIdentityCredentials _:
                    return "the SDK's credential chain: web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE)";
                case GenericContainerCredentials _:
                    return "the SDK's credential chain: the container's credentials endpoint (ECS task role)";
                case InstanceProfileAWSCredentials _:
                    return "the SDK's credential chain: the EC2 instance profile";
                case EnvironmentVariablesAWSCredentials _:
                    return "the SDK's credential chain: environment variables";
                // The SDK's default instance-profile credentials are an internal type: known by name.
                case var _ when credentials.GetType().Name.IndexOf("InstanceProfile", StringComparison.Ordinal) >= 0:
                    return "the SDK's credential chain: the EC2 instance profile";
                default:
                    return ambientProfile != null
                        ? "the SDK's credential chain: " + ProfileSource(ambientProfile)
                        : "the SDK's credential chain (" + credentials.GetType().Name + ")";
            }
        }

        /// <summary>An access key id shown by its last four characters, the way the AWS console does.</summary>
        public static string MaskKey(string accessKeyId) =>
            accessKeyId.Length <= 4 ? "****" : "****" + accessKeyId.Substring(accessKeyId.Length - 4);

        private static Uri ParseEndpoint(string value, string source) =>
            Uri.TryCreate(value, UriKind.Absolute, out var uri)
                ? uri
                : throw new AwsConnectionException(AwsConnectionException.InvalidEndpointUrl, $"'{value}' ({source}) is not an absolute URL.");

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        public override string ToString() => Description;
    }

    /// <summary>A connection setting that cannot be used, with a stable error code.</summary>
    public sealed class AwsConnectionException : Exception
    {
        public const string ProfileNotFound = "ProfileNotFound";
        public const string ProfileHasNoCredentials = "ProfileHasNoCredentials";
        public const string NoCredentials = "NoCredentials";
        public const string NoRegion = "NoRegion";
        public const string InvalidRegion = "InvalidRegion";
        public const string InvalidEndpointUrl = "InvalidEndpointUrl";

        public AwsConnectionException(string errorCode, string message, Exception? inner = null) : base(message, inner) => ErrorCode = errorCode;

        public string ErrorCode { get; }
    }
}
