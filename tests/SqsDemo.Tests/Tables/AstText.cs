using System.Linq;
using SqsDemo.Engine.Tables.Expressions;

namespace SqsDemo.Tests.Tables
{
    /// <summary>Renders a parsed expression fully parenthesized, so a test can state the tree it expects in one line.</summary>
    internal static class AstText
    {
        public static string Of(Condition condition) => condition switch
        {
            And a => "(" + Of(a.Left) + " AND " + Of(a.Right) + ")",
            Or o => "(" + Of(o.Left) + " OR " + Of(o.Right) + ")",
            Not n => "(NOT " + Of(n.Operand) + ")",
            Comparison c => "[" + Of(c.Left) + " " + c.Comparator + " " + Of(c.Right) + "]",
            Between b => "[" + Of(b.Value) + " BETWEEN " + Of(b.Low) + " AND " + Of(b.High) + "]",
            In i => "[" + Of(i.Value) + " IN " + string.Join("|", i.Candidates.Select(Of)) + "]",
            FunctionCondition f => f.Function + "(" + string.Join(", ", f.Arguments.Select(Of)) + ")",
            _ => "?",
        };

        public static string Of(Operand operand) => operand switch
        {
            PathOperand p => Of(p.Path),
            ValueOperand v => v.Placeholder,
            SizeOperand s => "size(" + Of(s.Path) + ")",
            IfNotExistsOperand i => "if_not_exists(" + Of(i.Path) + ", " + Of(i.Fallback) + ")",
            ListAppendOperand l => "list_append(" + Of(l.First) + ", " + Of(l.Second) + ")",
            ArithmeticOperand a => "(" + Of(a.Left) + " " + a.Operator + " " + Of(a.Right) + ")",
            _ => "?",
        };

        public static string Of(DocumentPath path) => string.Join("", path.Elements.Select((e, i) => e switch
        {
            IndexElement x => "[" + x.Index + "]",
            NameElement n => (i > 0 ? "." : "") + n.Name,
            _ => "?",
        }));

        public static string Of(UpdateExpression update) => string.Join("; ", update.Actions.Select(a => a switch
        {
            SetAction s => "SET " + Of(s.Path) + " = " + Of(s.Value),
            RemoveAction r => "REMOVE " + Of(r.Path),
            AddAction add => "ADD " + Of(add.Path) + " " + add.Value.Placeholder,
            DeleteAction d => "DELETE " + Of(d.Path) + " " + d.Value.Placeholder,
            _ => "?",
        }));
    }
}
