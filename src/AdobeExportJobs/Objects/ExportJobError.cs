using System.Collections.ObjectModel;

namespace AdobeExportJobs
{
    /// <summary>One error a failed job reports: its code, message and (when the service sends one) call stack.</summary>
    public sealed class ExportJobError
    {
        internal ExportJobError(string code, string message, string callStack)
        {
            Code = code;
            Message = message;
            CallStack = callStack;
        }

        public string Code { get; }

        public string Message { get; }

        public string CallStack { get; }

        public override string ToString() => string.IsNullOrEmpty(Code) ? Message ?? string.Empty : $"{Code}: {Message}";
    }

    /// <summary>A job's errors, read-only; its text is each error's "code: message" joined with "; ".</summary>
    public sealed class ExportJobErrorList : ReadOnlyCollection<ExportJobError>
    {
        internal static readonly ExportJobErrorList Empty = new ExportJobErrorList(null);

        internal ExportJobErrorList(IEnumerable<ExportJobError> errors)
            : base((errors ?? Enumerable.Empty<ExportJobError>()).Where(error => error != null).ToArray())
        {
        }

        public override string ToString() => string.Join("; ", this);
    }
}
