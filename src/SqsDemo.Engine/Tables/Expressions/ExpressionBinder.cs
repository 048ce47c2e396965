using System.Linq;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// Rewrites a parsed expression with its #names resolved and its :values checked against the
    /// request's context, so that an undefined placeholder fails the request before any item is read.
    /// </summary>
    internal static class ExpressionBinder
    {
        public static Condition Bind(Condition condition, ExpressionContext context)
        {
            switch (condition)
            {
                case Comparison c: return new Comparison(c.Comparator, Bind(c.Left, context), Bind(c.Right, context));
                case Between b: return new Between(Bind(b.Value, context), Bind(b.Low, context), Bind(b.High, context));
                case In i: return new In(Bind(i.Value, context), i.Candidates.Select(o => Bind(o, context)).ToArray());
                case FunctionCondition f: return new FunctionCondition(f.Function, f.Arguments.Select(o => Bind(o, context)).ToArray());
                case And a: return new And(Bind(a.Left, context), Bind(a.Right, context));
                case Or o: return new Or(Bind(o.Left, context), Bind(o.Right, context));
                default: return new Not(Bind(((Not)condition).Operand, context));
            }
        }

        public static Operand Bind(Operand operand, ExpressionContext context)
        {
            switch (operand)
            {
                case PathOperand p: return new PathOperand(context.Resolve(p.Path));
                case SizeOperand s: return new SizeOperand(context.Resolve(s.Path));
                case ValueOperand v: context.Value(v.Placeholder); return v;
                case IfNotExistsOperand i: return new IfNotExistsOperand(context.Resolve(i.Path), Bind(i.Fallback, context));
                case ListAppendOperand l: return new ListAppendOperand(Bind(l.First, context), Bind(l.Second, context));
                default:
                    var a = (ArithmeticOperand)operand;
                    return new ArithmeticOperand(Bind(a.Left, context), a.Operator, Bind(a.Right, context));
            }
        }

        public static UpdateExpression Bind(UpdateExpression update, ExpressionContext context) =>
            new UpdateExpression(update.Actions.Select(a => Bind(a, context)).ToArray());

        private static UpdateAction Bind(UpdateAction action, ExpressionContext context)
        {
            var path = context.Resolve(action.Path);
            switch (action)
            {
                case SetAction s: return new SetAction(path, Bind(s.Value, context));
                case RemoveAction _: return new RemoveAction(path);
                case AddAction add: context.Value(add.Value.Placeholder); return new AddAction(path, add.Value);
                default: var d = (DeleteAction)action; context.Value(d.Value.Placeholder); return new DeleteAction(path, d.Value);
            }
        }
    }
}
