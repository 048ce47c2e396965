namespace SqsDemo.Engine.Endpoint
{
    /// <summary>One operation a caller asked of the endpoint, as interceptors see it: who, which service, what.</summary>
    public sealed class EndpointCall
    {
        public const string Sqs = "sqs";
        public const string DynamoDb = "dynamodb";

        public EndpointCall(string caller, string service, string operation, EndpointRequest request)
        {
            Caller = caller;
            Service = service;
            Operation = operation;
            Request = request;
        }

        /// <summary>The access key id the request was signed with (the journal's actor).</summary>
        public string Caller { get; }
        /// <summary><see cref="Sqs"/> or <see cref="DynamoDb"/>.</summary>
        public string Service { get; }
        /// <summary>The operation's name as the protocol gives it (ReceiveMessage, PutItem).</summary>
        public string Operation { get; }
        public EndpointRequest Request { get; }

        public override string ToString() => Caller + " " + Service + ":" + Operation;
    }
}
