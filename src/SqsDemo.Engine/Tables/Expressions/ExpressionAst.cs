using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>One step of a document path: a name (literal, or a #placeholder) or a list index.</summary>
    internal abstract record PathElement;

    internal sealed record NameElement(string Name, bool IsPlaceholder) : PathElement
    {
        public override string ToString() => Name;
    }

    internal sealed record IndexElement(int Index) : PathElement
    {
        public override string ToString() => "[" + Index + "]";
    }

    /// <summary>A document path such as a.#b[2].c.</summary>
    internal sealed record DocumentPath(IReadOnlyList<PathElement> Elements)
    {
        public override string ToString() => string.Concat(Elements.Select((e, i) => i > 0 && e is NameElement ? "." + e : e.ToString()));
    }

    /// <summary>Something that yields a value: a path, a :value, size(path), or (in updates) a function or arithmetic.</summary>
    internal abstract record Operand;

    internal sealed record PathOperand(DocumentPath Path) : Operand;

    internal sealed record ValueOperand(string Placeholder) : Operand;

    internal sealed record SizeOperand(DocumentPath Path) : Operand;

    internal sealed record IfNotExistsOperand(DocumentPath Path, Operand Fallback) : Operand;

    internal sealed record ListAppendOperand(Operand First, Operand Second) : Operand;

    internal sealed record ArithmeticOperand(Operand Left, char Operator, Operand Right) : Operand;

    /// <summary>A condition (ConditionExpression, FilterExpression, KeyConditionExpression).</summary>
    internal abstract record Condition;

    internal sealed record Comparison(string Comparator, Operand Left, Operand Right) : Condition;

    internal sealed record Between(Operand Value, Operand Low, Operand High) : Condition;

    internal sealed record In(Operand Value, IReadOnlyList<Operand> Candidates) : Condition;

    internal sealed record FunctionCondition(string Function, IReadOnlyList<Operand> Arguments) : Condition;

    internal sealed record And(Condition Left, Condition Right) : Condition;

    internal sealed record Or(Condition Left, Condition Right) : Condition;

    internal sealed record Not(Condition Operand) : Condition;

    /// <summary>One action of an UpdateExpression.</summary>
    internal abstract record UpdateAction(DocumentPath Path);

    internal sealed record SetAction(DocumentPath Path, Operand Value) : UpdateAction(Path);

    internal sealed record RemoveAction(DocumentPath Path) : UpdateAction(Path);

    internal sealed record AddAction(DocumentPath Path, ValueOperand Value) : UpdateAction(Path);

    internal sealed record DeleteAction(DocumentPath Path, ValueOperand Value) : UpdateAction(Path);

    /// <summary>An UpdateExpression: its clauses' actions in the order written.</summary>
    internal sealed record UpdateExpression(IReadOnlyList<UpdateAction> Actions);
}
