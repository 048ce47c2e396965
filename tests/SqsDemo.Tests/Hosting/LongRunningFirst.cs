using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("SqsDemo.Tests.Hosting.LongRunningFirst", "SqsDemo.Tests")]

namespace SqsDemo.Tests.Hosting
{
    /// <summary>
    /// Marks a test class or a collection definition whose tests take minutes, mostly waiting on a scenario clock or
    /// on moto's wall clock: <see cref="LongRunningFirst"/> starts it before the short ones, so that it does not end
    /// the run alone.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public sealed class RunsLongAttribute : Attribute
    {
    }

    /// <summary>
    /// Orders the test collections for the parallel run: those marked <see cref="RunsLongAttribute"/> first, the rest
    /// after, each group in xunit's own order (the longest-first rule of thumb for packing work onto a few threads).
    /// </summary>
    public sealed class LongRunningFirst : ITestCollectionOrderer
    {
        // xunit names a class's own collection after the class.
        private const string ClassCollectionPrefix = "Test collection for ";

        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
            testCollections.Select((collection, index) => (collection, index))
                .OrderBy(c => RunsLong(c.collection) ? 0 : 1).ThenBy(c => c.index)
                .Select(c => c.collection).ToList();

        private static bool RunsLong(ITestCollection collection)
        {
            var type = (collection.CollectionDefinition as IReflectionTypeInfo)?.Type ?? ClassOf(collection);
            return type != null && type.IsDefined(typeof(RunsLongAttribute), inherit: true);
        }

        private static Type? ClassOf(ITestCollection collection)
        {
            var name = collection.DisplayName;
            if (!name.StartsWith(ClassCollectionPrefix, StringComparison.Ordinal)) return null;
            var typeName = name.Substring(ClassCollectionPrefix.Length).Split(' ')[0];
            return typeof(LongRunningFirst).Assembly.GetType(typeName);
        }
    }
}
