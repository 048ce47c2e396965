using System;

namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>A fault's rule the endpoint refuses, with the <see cref="EndpointFaultProblem"/> that says why.</summary>
    public sealed class EndpointFaultException : ArgumentException
    {
        public EndpointFaultException(EndpointFaultProblem problem, string message)
            : base(message)
        {
            Problem = problem;
        }

        public EndpointFaultProblem Problem { get; }
    }
}
