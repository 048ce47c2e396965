using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>The top-level attribute names a bound condition reads (for the rules about key attributes).</summary>
    internal static class ConditionPaths
    {
        public static IEnumerable<string> TopNames(Condition condition) => condition switch
        {
            And a => TopNames(a.Left).Concat(TopNames(a.Right)),
            Or o => TopNames(o.Left).Concat(TopNames(o.Right)),
            Not n => TopNames(n.Operand),
            Comparison c => Of(c.Left).Concat(Of(c.Right)),
            Between b => Of(b.Value).Concat(Of(b.Low)).Concat(Of(b.High)),
            In i => Of(i.Value).Concat(i.Candidates.SelectMany(Of)),
            FunctionCondition f => f.Arguments.SelectMany(Of),
            _ => Enumerable.Empty<string>(),
        };

        private static IEnumerable<string> Of(Operand operand) => operand switch
        {
            PathOperand p => new[] { DocumentPaths.TopName(p.Path) },
            SizeOperand s => new[] { DocumentPaths.TopName(s.Path) },
            _ => Enumerable.Empty<string>(),
        };
    }
}
