using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using SqsDemo.Engine.Endpoint.DynamoDb;
using Xunit;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// Thousands of broken bodies (the SDK's own requests with bytes flipped, cut, or JSON
    /// tokens spliced in, and plain noise), from a fixed seed: each reads or is refused with
    /// one of the protocol's 400 errors; no other exception, no 500, no hang.
    /// </summary>
    public sealed class DynamoDbRequestFuzzTests
    {
        private const int Inputs = 4000;
        private static readonly string[] Tokens = { "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "\\u0000", "\\ud800", "\"S\"", "{\"M\":", "{\"L\":[", "\"N\":5", "\"B\":\"=\"", "{}", "[]" };

        [Fact]
        public async Task Every_broken_body_gets_a_protocol_error_or_reads()
        {
            var run = Task.Run(() => Fuzz(seed: 1818));

            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(3))) == run, "the reader hung on an input");
            var (read, refused, crashes) = await run;
            Assert.True(crashes.Count == 0, "Not a protocol error:\n" + string.Join("\n", crashes.Take(5)));
            Assert.Equal(Inputs, read + refused);
            Assert.True(refused > Inputs / 2 && read > 0, $"the inputs should mostly break the body ({refused} refused, {read} read)");
        }

        private static (int Read, int Refused, List<string> Crashes) Fuzz(int seed)
        {
            var random = new Random(seed);
            var samples = new SdkSamples(seed);
            var valid = DynamoDbOperations.Names
                .Select(op => (op, SdkWire.Marshal(op, (Amazon.Runtime.AmazonWebServiceRequest)samples.Structure(SdkSamples.ModelType(op + "Request")))))
                .ToArray();
            int read = 0, refused = 0;
            var crashes = new List<string>();
            for (var i = 0; i < Inputs; i++)
            {
                var (operation, body) = valid[random.Next(valid.Length)];
                var input = Mutate(body, random);
                try
                {
                    DynamoDbJsonRequests.Read(operation, input);
                    read++;
                }
                catch (Exception error) when (error is DynamoDbProtocolException || (error is AmazonDynamoDBException d && d.ErrorCode == "ValidationException"))
                {
                    refused++;
                    if (DynamoDbJsonErrors.From(error).StatusCode != 400) crashes.Add($"{operation} #{i}: {error.Message} answered {DynamoDbJsonErrors.From(error).StatusCode}");
                }
                catch (Exception error)
                {
                    crashes.Add($"{operation} #{i}: {error.GetType().Name}: {error.Message} for {Encoding.UTF8.GetString(input).Substring(0, Math.Min(200, input.Length))}");
                }
            }
            return (read, refused, crashes);
        }

        private static byte[] Mutate(byte[] body, Random random)
        {
            var bytes = body.ToList();
            var edits = 1 + random.Next(4);
            for (var e = 0; e < edits && bytes.Count > 0; e++)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(6))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(20))); break;
                    case 2: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)])); break;
                    case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 4: bytes[at] = (byte)"{}[]\":,"[random.Next(7)]; break;
                    default:
                        var noise = new byte[random.Next(1, 64)];
                        random.NextBytes(noise);
                        return noise;
                }
            }
            return bytes.ToArray();
        }
    }
}
