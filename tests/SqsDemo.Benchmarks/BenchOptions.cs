using System;
using System.Collections.Generic;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// The options every mode shares:
    ///   --tiny            small sizes and one repetition: proves a mode runs and prints its table, in seconds (CI smoke test)
    ///   --endpoint URL    use this moto (or other SQS endpoint) instead of starting one; catalog: run the scenarios there
    ///   --moto            catalog: start a moto and run the scenarios there
    ///   --speed Fast|Slow catalog: only the scenarios of that speed
    ///   --scenario NAME   catalog: only these scenarios (repeatable)
    ///   --messages N      consumers: messages per drain (default <see cref="ConsumerDrain.Messages"/>)
    /// </summary>
    public sealed class BenchOptions
    {
        public bool Tiny { get; private set; }
        public bool StartMoto { get; private set; }
        public Uri? Endpoint { get; private set; }
        public string? Speed { get; private set; }
        public List<string> Scenarios { get; } = new List<string>();
        public int? Messages { get; private set; }

        public static BenchOptions Parse(IReadOnlyList<string> args)
        {
            var options = new BenchOptions();
            for (var i = 0; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "--tiny":
                        options.Tiny = true;
                        break;
                    case "--moto":
                        options.StartMoto = true;
                        break;
                    case "--endpoint" when i + 1 < args.Count:
                        options.Endpoint = new Uri(args[++i], UriKind.Absolute);
                        break;
                    case "--speed" when i + 1 < args.Count:
                        options.Speed = args[++i];
                        break;
                    case "--scenario" when i + 1 < args.Count:
                        options.Scenarios.Add(args[++i]);
                        break;
                    case "--messages" when i + 1 < args.Count:
                        options.Messages = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                        if (options.Messages < 1) throw new ArgumentException("--messages must be at least 1.");
                        break;
                    default:
                        throw new ArgumentException("Unknown argument " + args[i] + " (use --tiny, --endpoint URL, --moto, --speed Fast|Slow, --scenario NAME, --messages N).");
                }
            }
            return options;
        }

        /// <summary>A copy for another mode of an `all` run, on the endpoint that run started.</summary>
        public BenchOptions With(Uri? endpoint, string? speed = null)
        {
            var copy = new BenchOptions { Tiny = Tiny, Endpoint = endpoint, Speed = speed, Messages = Messages };
            copy.Scenarios.AddRange(Scenarios);
            return copy;
        }
    }
}
