using System.Collections;
using System.Management.Automation;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Admits one or more status words, each checked alone: the known ones and any the service may add later (letters,
    /// digits, '_' or '-'), and refuses what can only be a mistake (an empty list, a list in one string, spaces,
    /// punctuation) before a request is sent.
    /// </summary>
    internal sealed class ValidateStatusWordAttribute : ValidateArgumentsAttribute
    {
        private static readonly string Valid = $"one status word per value, such as {string.Join(", ", ExportJobStatus.Known)} (several statuses as a list: -Status NEW, PROCESSING)";

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = Unwrap(arguments);
            if (value is IEnumerable values && !(value is string))
            {
                int count = 0;
                foreach (var element in values)
                {
                    ValidateWord(Unwrap(element));
                    count++;
                }
                if (count == 0) throw new ValidationMetadataException($"No status was given (an empty list). Valid: {Valid}.");
            }
            else ValidateWord(value);
        }

        private static void ValidateWord(object value)
        {
            var text = (value as string)?.Trim();
            if (string.IsNullOrEmpty(text) || !text.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-'))
            {
                throw new ValidationMetadataException($"'{value}' is not a job status. Valid: {Valid}.");
            }
        }

        private static object Unwrap(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
