using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// What the grammar leaves to a second look: that a condition calls a function DynamoDB has,
    /// with its number of operands, and a document path where the function needs one.
    /// </summary>
    internal static class FunctionRules
    {
        private static readonly Dictionary<string, int> Arity = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["attribute_exists"] = 1,
            ["attribute_not_exists"] = 1,
            ["attribute_type"] = 2,
            ["begins_with"] = 2,
            ["contains"] = 2,
        };

        public static void Check(Condition condition, string kind)
        {
            switch (condition)
            {
                case And and: Check(and.Left, kind); Check(and.Right, kind); break;
                case Or or: Check(or.Left, kind); Check(or.Right, kind); break;
                case Not not: Check(not.Operand, kind); break;
                case FunctionCondition f: CheckFunction(f, kind); break;
            }
        }

        private static void CheckFunction(FunctionCondition f, string kind)
        {
            if (!Arity.TryGetValue(f.Function, out var arity))
                throw TableErrors.InvalidExpression(kind, "Invalid function name; function: " + f.Function);
            if (f.Arguments.Count != arity)
                throw TableErrors.InvalidExpression(kind, "Incorrect number of operands for operator or function; operator or function: " + f.Function + ", number of operands: " + f.Arguments.Count);
            if (f.Function.StartsWith("attribute_", StringComparison.Ordinal) && !(f.Arguments[0] is PathOperand))
                throw TableErrors.InvalidExpression(kind, "Operator or function requires a document path; operator or function: " + f.Function);
        }
    }
}
