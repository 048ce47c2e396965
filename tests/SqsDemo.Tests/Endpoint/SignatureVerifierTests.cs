using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Endpoint.Signing;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// The verifier against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite: the
    /// example key pair, 2015-08-30 12:36:00 UTC, us-east-1, service "service"): signatures nobody here
    /// computed, so the canonical request and the key derivation are checked against AWS, not against
    /// this repository's own signer. Then each way a signature is refused, with AWS's words.
    /// </summary>
    public sealed class SignatureVerifierTests
    {
        private const string KeyId = "AKIDEXAMPLE";
        private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        private const string Service = "service";
        private const string GetVanilla = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        private static readonly DateTimeOffset SuiteTime = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

        private static SignatureVerifier Verifier(DateTimeOffset? now = null) =>
            new SignatureVerifier(new Dictionary<string, string> { [KeyId] = Secret }, new ManualClock(now ?? SuiteTime));

        private static string Authorization(string signature, string keyId = KeyId, string service = Service, string signedHeaders = "host;x-amz-date") =>
            "AWS4-HMAC-SHA256 Credential=" + keyId + "/20150830/us-east-1/" + service + "/aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature;

        /// <summary>A test-suite request: Host and X-Amz-Date as the suite gives them, an empty body.</summary>
        private static EndpointRequest Request(string method, string rawUrl, string? authorization, params (string Name, string Value)[] extra)
        {
            var headers = new NameValueCollection { ["Host"] = "example.amazonaws.com", ["X-Amz-Date"] = "20150830T123600Z" };
            if (authorization != null) headers["Authorization"] = authorization;
            foreach (var (name, value) in extra) headers[name] = value;
            return new EndpointRequest(method, new Uri("http://example.amazonaws.com" + rawUrl), headers, Array.Empty<byte>(), rawUrl);
        }

        [Theory]
        [InlineData("GET", "/", GetVanilla)] // get-vanilla
        [InlineData("POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")] // post-vanilla
        [InlineData("GET", "/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")] // get-vanilla-query-order-key-case
        [InlineData("GET", "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")] // get-vanilla-query-unreserved
        public void Accepts_the_signatures_of_AWS_test_suite(string method, string rawUrl, string signature)
        {
            Assert.Null(Verifier().Verify(Request(method, rawUrl, Authorization(signature)), Service));
        }

        [Fact]
        public void A_signature_one_character_off_does_not_match_in_AWS_words()
        {
            var failure = Verifier().Verify(Request("GET", "/", Authorization(GetVanilla.Substring(0, 63) + "0")), Service);
            Assert.Equal(SignatureProblem.DoesNotMatch, failure!.Problem);
            Assert.Equal(SignatureFailure.MismatchMessage, failure.Message);
        }

        [Fact]
        public void The_same_signature_over_another_method_or_query_does_not_match()
        {
            Assert.Equal(SignatureProblem.DoesNotMatch, Verifier().Verify(Request("POST", "/", Authorization(GetVanilla)), Service)!.Problem);
            Assert.Equal(SignatureProblem.DoesNotMatch, Verifier().Verify(Request("GET", "/?Action=ListQueues", Authorization(GetVanilla)), Service)!.Problem);
        }

        [Fact]
        public void An_access_key_id_it_was_not_given_is_UnknownAccessKey()
        {
            var failure = Verifier().Verify(Request("GET", "/", Authorization(GetVanilla, keyId: "AKIDOTHER")), Service);
            Assert.Equal(SignatureProblem.UnknownAccessKey, failure!.Problem);
            Assert.Equal("The security token included in the request is invalid.", failure.Message);
        }

        [Fact]
        public void A_request_time_more_than_15_minutes_off_is_expired_or_not_yet_current_and_within_it_is_accepted()
        {
            var expired = Verifier(SuiteTime.AddMinutes(16)).Verify(Request("GET", "/", Authorization(GetVanilla)), Service);
            Assert.Equal(SignatureProblem.DoesNotMatch, expired!.Problem);
            Assert.Equal("Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)", expired.Message);

            var early = Verifier(SuiteTime.AddMinutes(-16)).Verify(Request("GET", "/", Authorization(GetVanilla)), Service);
            Assert.Equal("Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)", early!.Message);

            Assert.Null(Verifier(SuiteTime.AddMinutes(14)).Verify(Request("GET", "/", Authorization(GetVanilla)), Service));
            Assert.Null(Verifier(SuiteTime.AddMinutes(-14)).Verify(Request("GET", "/", Authorization(GetVanilla)), Service));
        }

        [Fact]
        public void A_credential_scoped_to_another_service_does_not_match()
        {
            var failure = Verifier().Verify(Request("GET", "/", Authorization(GetVanilla)), "sqs");
            Assert.Equal(SignatureProblem.DoesNotMatch, failure!.Problem);
            Assert.StartsWith("Credential should be scoped to correct service: 'sqs'.", failure.Message);
        }

        [Fact]
        public void A_declared_payload_hash_that_is_not_the_body_s_does_not_match()
        {
            var failure = Verifier().Verify(Request("GET", "/", Authorization(GetVanilla), ("X-Amz-Content-SHA256", new string('0', 64))), Service);
            Assert.Equal(SignatureProblem.DoesNotMatch, failure!.Problem);
            Assert.Contains("x-amz-content-sha256", failure.Message);
        }

        [Fact]
        public void No_Authorization_is_Missing_and_a_presigned_query_is_Incomplete()
        {
            Assert.Equal(SignatureProblem.Missing, Verifier().Verify(Request("GET", "/", null), Service)!.Problem);
            var presigned = Verifier().Verify(Request("GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=" + GetVanilla, null), Service);
            Assert.Equal(SignatureProblem.Incomplete, presigned!.Problem);
        }

        [Theory]
        [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date", "requires 'Signature' parameter")]
        [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, SignedHeaders=host;x-amz-date, Signature=00", "exactly 5 slash-delimited elements")]
        [InlineData("AWS AKIDEXAMPLE:c2lnbmF0dXJl", "Unsupported AWS 'algorithm': 'AWS'")]
        public void A_malformed_Authorization_header_is_Incomplete(string header, string said)
        {
            var failure = Verifier().Verify(Request("GET", "/", header), Service);
            Assert.Equal(SignatureProblem.Incomplete, failure!.Problem);
            Assert.Contains(said, failure.Message);
        }

        [Fact]
        public void A_signature_that_leaves_Host_out_is_Incomplete()
        {
            var failure = Verifier().Verify(Request("GET", "/", Authorization(GetVanilla, signedHeaders: "x-amz-date")), Service);
            Assert.Equal(SignatureProblem.Incomplete, failure!.Problem);
            Assert.Contains("'Host'", failure.Message);
        }

        [Fact]
        public void A_request_with_no_date_is_Incomplete()
        {
            var request = Request("GET", "/", Authorization(GetVanilla));
            request.Headers.Remove("X-Amz-Date");
            var failure = Verifier().Verify(request, Service);
            Assert.Equal(SignatureProblem.Incomplete, failure!.Problem);
            Assert.Contains("'X-Amz-Date' or a 'Date' header", failure.Message);
        }

        [Fact]
        public void Key_pairs_must_be_whole_and_each_access_key_id_given_once()
        {
            Assert.Throws<ArgumentException>(() => new SignatureVerifier(new Dictionary<string, string>()));
            Assert.Throws<ArgumentException>(() => new SignatureVerifier(new Dictionary<string, string> { ["key"] = "" }));
            Assert.Throws<ArgumentException>(() => new SignatureVerifier(new[] { new KeyValuePair<string, string>("key", "a"), new KeyValuePair<string, string>("key", "b") }));
            Assert.Equal(new[] { "a", "b" }, new SignatureVerifier(new Dictionary<string, string> { ["b"] = "1", ["a"] = "2" }).AccessKeyIds);
        }
    }
}
