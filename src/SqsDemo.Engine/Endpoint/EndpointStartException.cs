using System;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>Why an endpoint could not start: <see cref="PortInUse"/> or another listener failure.</summary>
    public sealed class EndpointStartException : Exception
    {
        public EndpointStartException(string message, int port, bool portInUse, Exception? innerException = null)
            : base(message, innerException)
        {
            Port = port;
            PortInUse = portInUse;
        }

        public int Port { get; }
        /// <summary>True when another process (or endpoint) already listens on the port.</summary>
        public bool PortInUse { get; }
    }
}
