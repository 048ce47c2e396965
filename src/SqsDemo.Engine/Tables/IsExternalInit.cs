// netstandard2.0 lacks the marker type C# needs for init-only setters, which the expression AST's
// records use; the compiler only looks for it by name.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
