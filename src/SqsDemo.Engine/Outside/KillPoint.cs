namespace SqsDemo.Engine.Outside
{
    /// <summary>The protocol points at which a scenario kills a consumer process (SIGKILL), seen from the endpoint.</summary>
    public enum KillPoint
    {
        /// <summary>A ReceiveMessage gave it a message: killed before the response reaches it, holding the message.</summary>
        AfterReceive,
        /// <summary>Its write to the side-effects table took effect: killed before it hears so, before its bookkeeping.</summary>
        AfterSideEffect,
        /// <summary>It asked to delete a message: killed first, so the delete never happens.</summary>
        BeforeDelete,
        /// <summary>It has received the given number of messages: killed holding the last.</summary>
        AfterMessages,
        /// <summary>Each message it receives kills it with the given probability (seeded).</summary>
        Rate,
    }
}
