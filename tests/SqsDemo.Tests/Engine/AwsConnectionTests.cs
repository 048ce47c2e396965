using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using SqsDemo.Engine.Backends;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// How a connection's region, endpoint and credentials are found, and that what is said about
    /// their sources never carries a secret. Settings come from a dictionary and a profile file of the
    /// test's own, never from the process, so these run in parallel with everything else.
    /// </summary>
    public sealed class AwsConnectionTests : IDisposable
    {
        private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqsdemo-aws-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string> _environment = new Dictionary<string, string>();

        public AwsConnectionTests()
        {
            Directory.CreateDirectory(_folder);
            File.WriteAllText(CredentialsFile,
                "[default]\naws_access_key_id = AKIADEFAULT0000DFLT\naws_secret_access_key = " + Secret + "\nregion = eu-central-1\n\n" +
                "[lab]\naws_access_key_id = AKIALAB00000000LAB1\naws_secret_access_key = " + Secret + "\nregion = eu-west-2\nendpoint_url = http://127.0.0.1:4566\n\n" +
                "[nokeys]\nregion = ap-south-1\n");
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private string CredentialsFile => Path.Combine(_folder, "credentials");

        private AwsConnection Resolve(string? region = null, string? profile = null, Uri? endpoint = null) =>
            AwsConnection.Resolve(region, profile, endpoint, name => _environment.TryGetValue(name, out var v) ? v : null, new CredentialProfileStoreChain(CredentialsFile));

        private static void AssertNoSecret(AwsConnection connection)
        {
            foreach (var text in new[] { connection.CredentialSource, connection.RegionSource, connection.EndpointSource, connection.Description })
                Assert.DoesNotContain(Secret, text);
        }

        [Fact]
        public void An_explicit_region_wins_over_the_environment_and_the_profile()
        {
            _environment["AWS_REGION"] = "us-west-2";
            var connection = Resolve(region: "sa-east-1", profile: "lab");
            Assert.Equal("sa-east-1", connection.Region);
            Assert.Equal("-Region", connection.RegionSource);
        }

        [Fact]
        public void A_chosen_profile_gives_region_endpoint_and_credentials_and_says_so()
        {
            var connection = Resolve(profile: "lab");
            Assert.Equal("eu-west-2", connection.Region);
            Assert.Equal(new Uri("http://127.0.0.1:4566"), connection.Endpoint);
            Assert.False(connection.IsAws);
            Assert.Contains("profile 'lab'", connection.CredentialSource);
            Assert.Contains(CredentialsFile, connection.CredentialSource);
            Assert.Contains("endpoint_url of profile 'lab'", connection.EndpointSource);
            Assert.Equal("AKIALAB00000000LAB1", connection.Credentials.GetCredentials().AccessKey);
            AssertNoSecret(connection);
        }

        [Fact]
        public void Environment_keys_sign_when_no_profile_is_chosen_and_only_the_key_ids_last_four_are_shown()
        {
            _environment["AWS_ACCESS_KEY_ID"] = "AKIAENV0000000009XYZ";
            _environment["AWS_SECRET_ACCESS_KEY"] = Secret;
            _environment["AWS_REGION"] = "eu-north-1";
            var connection = Resolve();
            Assert.True(connection.IsAws);
            Assert.Equal("eu-north-1", connection.Region);
            Assert.Equal("environment variable AWS_REGION", connection.RegionSource);
            Assert.Contains("****9XYZ", connection.CredentialSource);
            Assert.DoesNotContain("AKIAENV0000000009XYZ", connection.CredentialSource);
            Assert.IsType<BasicAWSCredentials>(connection.Credentials);
            AssertNoSecret(connection);
        }

        [Fact]
        public void A_session_token_makes_session_credentials()
        {
            _environment["AWS_ACCESS_KEY_ID"] = "ASIAENV000000000TOKN";
            _environment["AWS_SECRET_ACCESS_KEY"] = Secret;
            _environment["AWS_SESSION_TOKEN"] = "token-value-that-is-secret";
            var connection = Resolve(region: "us-east-2");
            Assert.IsType<SessionAWSCredentials>(connection.Credentials);
            Assert.Contains("AWS_SESSION_TOKEN", connection.CredentialSource);
            Assert.DoesNotContain("token-value-that-is-secret", connection.CredentialSource);
        }

        [Fact]
        public void AWS_DEFAULT_REGION_is_read_after_AWS_REGION_and_the_default_profile_after_both()
        {
            _environment["AWS_DEFAULT_REGION"] = "ca-central-1";
            Assert.Equal("ca-central-1", Resolve(endpoint: new Uri("http://localhost:1")).Region);
            _environment["AWS_REGION"] = "us-west-1";
            Assert.Equal("us-west-1", Resolve(endpoint: new Uri("http://localhost:1")).Region);
            _environment.Clear();
            var fromProfile = Resolve(endpoint: new Uri("http://localhost:1"));
            Assert.Equal("eu-central-1", fromProfile.Region);
            Assert.Equal("region of profile 'default'", fromProfile.RegionSource);
        }

        [Fact]
        public void AWS_PROFILE_names_the_ambient_profile()
        {
            _environment["AWS_PROFILE"] = "nokeys";
            var connection = Resolve(endpoint: new Uri("http://127.0.0.1:9"));
            Assert.Equal("ap-south-1", connection.Region);
            // nokeys has no keys: at a loopback endpoint, dummy credentials.
            Assert.Contains("dummy credentials", connection.CredentialSource);
        }

        [Fact]
        public void A_loopback_endpoint_with_nothing_configured_is_signed_with_dummy_keys_for_us_east_1()
        {
            var connection = AwsConnection.Resolve(null, null, new Uri("http://127.0.0.1:5000"), _ => null, new CredentialProfileStoreChain(Path.Combine(_folder, "absent")));
            Assert.Equal("us-east-1", connection.Region);
            Assert.Contains("dummy credentials", connection.CredentialSource);
            Assert.Equal("Endpoint http://127.0.0.1:5000/ (us-east-1)", connection.Description);
        }

        [Fact]
        public void AWS_ENDPOINT_URL_points_every_client_at_an_endpoint()
        {
            _environment["AWS_ENDPOINT_URL"] = "http://localhost:4566";
            var connection = Resolve(region: "us-east-1");
            Assert.Equal(new Uri("http://localhost:4566"), connection.Endpoint);
            Assert.Equal("environment variable AWS_ENDPOINT_URL", connection.EndpointSource);
        }

        [Theory]
        [InlineData("missing", null, AwsConnectionException.ProfileNotFound)]
        [InlineData("nokeys", "http://sqs.example.com", AwsConnectionException.ProfileHasNoCredentials)]
        public void A_profile_that_cannot_sign_is_a_clear_error(string profile, string? endpoint, string code)
        {
            var error = Assert.Throws<AwsConnectionException>(() => Resolve(region: "us-east-1", profile: profile, endpoint: endpoint == null ? null : new Uri(endpoint)));
            Assert.Equal(code, error.ErrorCode);
            Assert.Contains(profile, error.Message);
        }

        [Fact]
        public void AWS_itself_without_any_region_is_NoRegion()
        {
            var error = Assert.Throws<AwsConnectionException>(() =>
                AwsConnection.Resolve(null, null, null, _ => null, new CredentialProfileStoreChain(Path.Combine(_folder, "absent"))));
            Assert.Equal(AwsConnectionException.NoRegion, error.ErrorCode);
        }

        [Theory]
        [InlineData("US-EAST-1")]
        [InlineData("useast1")]
        [InlineData("us-east")]
        public void A_region_that_is_not_a_region_name_is_InvalidRegion(string region)
        {
            var error = Assert.Throws<AwsConnectionException>(() => Resolve(region: region, endpoint: new Uri("http://127.0.0.1:1")));
            Assert.Equal(AwsConnectionException.InvalidRegion, error.ErrorCode);
        }

        [Fact]
        public void An_endpoint_that_is_not_http_is_InvalidEndpointUrl()
        {
            _environment["AWS_ENDPOINT_URL"] = "ftp://127.0.0.1/";
            var error = Assert.Throws<AwsConnectionException>(() => Resolve(region: "us-east-1"));
            Assert.Equal(AwsConnectionException.InvalidEndpointUrl, error.ErrorCode);
        }

        [Fact]
        public void An_endpoint_with_user_information_is_refused_and_not_echoed()
        {
            _environment["AWS_ENDPOINT_URL"] = "http://proxyuser:HiddenPassword@127.0.0.1:4566";
            var error = Assert.Throws<AwsConnectionException>(() => Resolve(region: "us-east-1"));
            Assert.Equal(AwsConnectionException.InvalidEndpointUrl, error.ErrorCode);
            Assert.DoesNotContain("HiddenPassword", error.Message);
        }

        [Fact]
        public void A_region_given_with_its_own_source_is_named_by_it()
        {
            var connection = AwsConnection.Resolve("eu-west-1", null, new Uri("http://127.0.0.1:1"), _ => null,
                new CredentialProfileStoreChain(Path.Combine(_folder, "absent")), "aws_region of the Terraform output");
            Assert.Equal("aws_region of the Terraform output", connection.RegionSource);
        }

        [Theory]
        [InlineData("AKIAIOSFODNN7EXAMPLE", "****MPLE")]
        [InlineData("AKIA", "****")]
        public void Key_ids_are_masked_to_their_last_four(string key, string shown) => Assert.Equal(shown, AwsConnection.MaskKey(key));
    }
}
