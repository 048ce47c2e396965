namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>The error a fault answers with instead of serving the call, each in the shape its protocol gives it on AWS.</summary>
    public enum EndpointFaultError
    {
        /// <summary>503: SQS's and DynamoDB's ServiceUnavailable. Every SDK retries it.</summary>
        ServiceUnavailable,
        /// <summary>SQS's RequestThrottled; DynamoDB's ProvisionedThroughputExceededException (ThrottlingException for table management). Retried.</summary>
        Throttling,
        /// <summary>500: SQS's InternalError, DynamoDB's InternalServerError. Retried.</summary>
        InternalError,
    }
}
