namespace SqsDemo.Engine.Work
{
    /// <summary>Why a consumer's loop ended.</summary>
    public enum ConsumerEnding
    {
        /// <summary>Nothing received for IdleTimeoutSeconds.</summary>
        Idle,
        /// <summary>MessageLimit messages handled.</summary>
        MessageLimit,
        /// <summary>A stop was requested: in-flight work finished first.</summary>
        Stopped,
        /// <summary>An abrupt crash: nothing ran after it.</summary>
        Crashed,
        /// <summary>An error the consumer could not go on from (e.g. the queue was deleted).</summary>
        Faulted,
        /// <summary>An outside consumer's process ended on its own, with exit code 0.</summary>
        Exited,
    }
}
