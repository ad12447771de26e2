namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// What the compiler needs for <c>init</c> accessors (and so positional records); .NET 5 and later define it,
    /// netstandard2.0 does not. Compile-time only: nothing calls it.
    /// </summary>
    internal static class IsExternalInit
    {
    }
}
