using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SqsDemo.Tests.Endpoint;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;

namespace SqsDemo.Tests.Outside
{
    /// <summary>
    /// One of the example consumers the suite judges (tests/consumers/, and the JavaScript one beside the
    /// node project that pins its SDK): the interpreter and script that run it, and whether it is meant to be
    /// idempotent. Its name is also its access key id, so the journal's actor for its calls.
    /// </summary>
    public sealed class ConsumerProgram
    {
        public static readonly ConsumerProgram PythonIdempotent = new ConsumerProgram(
            "python-idempotent", MotoServer.Python, Path.Combine(RepoPaths.Root, "tests", "consumers", "python", "idempotent_consumer.py"), idempotent: true);

        public static readonly ConsumerProgram PythonNaive = new ConsumerProgram(
            "python-naive", MotoServer.Python, Path.Combine(RepoPaths.Root, "tests", "consumers", "python", "naive_consumer.py"), idempotent: false);

        public static readonly ConsumerProgram NodeIdempotent = new ConsumerProgram(
            "node-idempotent", NodeClient.Node ?? "node", Path.Combine(NodeClient.Folder, "idempotent_consumer.mjs"), idempotent: true);

        public static IReadOnlyList<ConsumerProgram> All { get; } = new[] { PythonIdempotent, PythonNaive, NodeIdempotent };

        private ConsumerProgram(string name, string interpreter, string script, bool idempotent)
        {
            Name = name;
            Interpreter = interpreter;
            Script = script;
            Idempotent = idempotent;
        }

        public string Name { get; }
        public string Interpreter { get; }
        public string Script { get; }

        /// <summary>The command line a user would give Start-DemoConsumer -Command: the interpreter and the script, each quoted.</summary>
        public string CommandLine => "\"" + Interpreter + "\" \"" + Script + "\"";

        /// <summary>Keeps the status table and performs each side effect once; the naive one does neither.</summary>
        public bool Idempotent { get; }

        public bool IsNode => ReferenceEquals(this, NodeIdempotent);

        /// <summary>Why it cannot run here (its runtime is missing outside CI, as the node client test skips), or null.</summary>
        public string? SkipReason => IsNode ? NodeClient.SkipReason : null;

        /// <summary>What stops it from running although its runtime is there (the SDK not installed), or null.</summary>
        public string? InstallProblem => IsNode ? NodeClient.InstallProblem() : null;

        public static ConsumerProgram Named(string name) =>
            All.SingleOrDefault(p => p.Name == name) ?? throw new ArgumentException("No consumer program is named " + name, nameof(name));

        public override string ToString() => Name;
    }
}
