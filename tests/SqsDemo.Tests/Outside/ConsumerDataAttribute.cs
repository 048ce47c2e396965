using System.Collections.Generic;
using System.Reflection;
using Xunit.Sdk;

namespace SqsDemo.Tests.Outside
{
    /// <summary>
    /// A theory row for one consumer program, by name; skipped with the reason where its runtime is missing
    /// (node outside CI), so the other consumers' rows of the same theory still run.
    /// </summary>
    public sealed class ConsumerDataAttribute : DataAttribute
    {
        private readonly string _name;

        public ConsumerDataAttribute(string name)
        {
            _name = name;
            // xunit reads a data attribute's Skip from the instance: this row only, when the program cannot run here.
            Skip = ConsumerProgram.Named(name).SkipReason;
        }

        public override IEnumerable<object[]> GetData(MethodInfo testMethod)
        {
            yield return new object[] { _name };
        }
    }
}
