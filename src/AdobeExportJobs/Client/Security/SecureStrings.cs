using System.Runtime.InteropServices;
using System.Security;

namespace AdobeExportJobs.Client
{
    internal static class SecureStrings
    {
        /// <summary>The plain text, for the moment it must go on the wire; callers keep it no longer than that.</summary>
        public static string Reveal(SecureString value)
        {
            if (value == null) return null;
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        public static SecureString Protect(string value)
        {
            var secure = new SecureString();
            foreach (var c in value ?? string.Empty) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        public static bool IsEmpty(SecureString value) => value == null || value.Length == 0;

        /// <summary>A copy nobody can change, so a caller's later changes to its own string never reach the session.</summary>
        public static SecureString ReadOnlyCopy(SecureString value)
        {
            var copy = value.Copy();
            copy.MakeReadOnly();
            return copy;
        }
    }
}
