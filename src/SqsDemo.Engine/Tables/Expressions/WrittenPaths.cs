using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>Every document path a parsed expression names, in the order the text names them (for checks on names as written).</summary>
    internal static class WrittenPaths
    {
        public static IEnumerable<DocumentPath> Of(Condition condition) => condition switch
        {
            And a => Of(a.Left).Concat(Of(a.Right)),
            Or o => Of(o.Left).Concat(Of(o.Right)),
            Not n => Of(n.Operand),
            Comparison c => Of(c.Left).Concat(Of(c.Right)),
            Between b => Of(b.Value).Concat(Of(b.Low)).Concat(Of(b.High)),
            In i => Of(i.Value).Concat(i.Candidates.SelectMany(Of)),
            FunctionCondition f => f.Arguments.SelectMany(Of),
            _ => Enumerable.Empty<DocumentPath>(),
        };

        public static IEnumerable<DocumentPath> Of(UpdateExpression update) =>
            update.Actions.SelectMany(a => new[] { a.Path }.Concat(a is SetAction set ? Of(set.Value) : Enumerable.Empty<DocumentPath>()));

        public static IEnumerable<DocumentPath> Of(Operand operand) => operand switch
        {
            PathOperand p => new[] { p.Path },
            SizeOperand s => new[] { s.Path },
            IfNotExistsOperand i => new[] { i.Path }.Concat(Of(i.Fallback)),
            ListAppendOperand l => Of(l.First).Concat(Of(l.Second)),
            ArithmeticOperand a => Of(a.Left).Concat(Of(a.Right)),
            _ => Enumerable.Empty<DocumentPath>(),
        };
    }
}
