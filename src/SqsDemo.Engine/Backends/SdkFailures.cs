using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;

namespace SqsDemo.Engine.Backends
{
    /// <summary>
    /// How to read an AWS SDK failure, for both adapters (SQS and DynamoDB): a real answer from
    /// the service, a timeout, or an endpoint that could not be reached at all.
    /// </summary>
    internal static class SdkFailures
    {
        /// <summary>A service exception that carries a real answer (an error code or an HTTP status), not a wrapped transport failure.</summary>
        public static bool IsAnswer(AmazonServiceException e) =>
            !string.IsNullOrEmpty(e.ErrorCode) || ((int)e.StatusCode != 0 && !IsConnectionFailure(e.InnerException));

        public static bool IsTimeout(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
                if (e is OperationCanceledException || e is TimeoutException) return true;
            return false;
        }

        public static bool IsConnectionFailure(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
                if (e is HttpRequestException || e is SocketException || e is WebException || e is IOException) return true;
            return false;
        }

        public static Exception Innermost(Exception error)
        {
            var e = error;
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }
    }
}
