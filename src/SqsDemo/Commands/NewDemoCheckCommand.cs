using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>How a check compares what it found with what it expected.</summary>
    public enum CheckComparison
    {
        /// <summary>Equal values; collections equal element by element, in order.</summary>
        Equal,
        /// <summary>Actual is greater than or equal to Expected.</summary>
        AtLeast,
        /// <summary>Actual is less than or equal to Expected.</summary>
        AtMost,
        /// <summary>The same elements, in any order (collections).</summary>
        SameSet,
    }

    /// <summary>
    /// <para type="synopsis">States one check of a scenario: a name, what was expected, and what was found.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DemoCheck", DefaultParameterSetName = CompareSet)]
    [OutputType(typeof(ScenarioCheck))]
    public sealed class NewDemoCheckCommand : DemoCmdlet
    {
        private const string CompareSet = "Compare";
        private const string VerdictSet = "Verdict";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Position = 1)]
        [AllowNull]
        public object? Expected { get; set; }

        [Parameter(Position = 2)]
        [AllowNull]
        public object? Actual { get; set; }

        [Parameter(ParameterSetName = CompareSet)]
        public CheckComparison Comparison { get; set; } = CheckComparison.Equal;

        /// <summary>The verdict, when the script computes it itself from what it found.</summary>
        [Parameter(Mandatory = true, ParameterSetName = VerdictSet)]
        public bool Passed { get; set; }

        [Parameter]
        public string? Detail { get; set; }

        protected override void EndProcessing()
        {
            var expected = Unwrap(Expected);
            var actual = Unwrap(Actual);
            var passed = ParameterSetName == VerdictSet ? Passed : Compare(expected, actual, Comparison);
            // A set has no order: shown as found, the same members read as two different lists on a PASS row.
            var sorted = ParameterSetName == CompareSet && Comparison == CheckComparison.SameSet;
            WriteObject(new ScenarioCheck(Name, passed, Display(expected, sorted), Display(actual, sorted), Detail));
        }

        internal static bool Compare(object? expected, object? actual, CheckComparison comparison)
        {
            switch (comparison)
            {
                case CheckComparison.AtLeast:
                    return actual != null && expected != null && LanguagePrimitives.Compare(actual, expected) >= 0;
                case CheckComparison.AtMost:
                    return actual != null && expected != null && LanguagePrimitives.Compare(actual, expected) <= 0;
                case CheckComparison.SameSet:
                    var e = Items(expected).Select(x => x?.ToString()).OrderBy(x => x, StringComparer.Ordinal).ToArray();
                    var a = Items(actual).Select(x => x?.ToString()).OrderBy(x => x, StringComparer.Ordinal).ToArray();
                    return e.SequenceEqual(a, StringComparer.Ordinal);
                default:
                    if (IsCollection(expected) || IsCollection(actual))
                    {
                        var left = Items(expected).ToArray();
                        var right = Items(actual).ToArray();
                        return left.Length == right.Length && left.Zip(right, (x, y) => LanguagePrimitives.Equals(x, y, true)).All(same => same);
                    }
                    return LanguagePrimitives.Equals(expected, actual, true);
            }
        }

        private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

        private static bool IsCollection(object? value) => value is IEnumerable && !(value is string);

        private static object?[] Items(object? value)
        {
            if (value == null) return Array.Empty<object?>();
            if (!IsCollection(value)) return new[] { value };
            return ((IEnumerable)value).Cast<object?>().Select(Unwrap).ToArray();
        }

        /// <summary>Collections display as a comma-separated list, so a check reads in one row; a set's members sorted.</summary>
        private static object? Display(object? value, bool sorted)
        {
            if (!IsCollection(value)) return value;
            var members = Items(value).Select(x => x?.ToString() ?? "");
            return string.Join(", ", sorted ? members.OrderBy(x => x, StringComparer.Ordinal) : members);
        }
    }
}
