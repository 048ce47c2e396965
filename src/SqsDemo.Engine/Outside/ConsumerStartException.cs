using System;

namespace SqsDemo.Engine.Outside
{
    /// <summary>A consumer's command line could not be started: no such program, or the system refused it.</summary>
    public sealed class ConsumerStartException : Exception
    {
        public ConsumerStartException(string message, ConsumerCommandLine command, Exception? inner) : base(message, inner) => Command = command;

        public ConsumerCommandLine Command { get; }
    }
}
