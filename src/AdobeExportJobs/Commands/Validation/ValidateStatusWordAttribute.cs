using System.Management.Automation;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Admits status words, each checked alone: the known ones and any the service may add later (letters, digits, '_' or
    /// '-'), and refuses what can only be a mistake (a list in one string, spaces, punctuation) before a request is sent.
    /// </summary>
    internal sealed class ValidateStatusWordAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            var value = element is PSObject wrapped ? wrapped.BaseObject : element;
            var text = (value as string)?.Trim();
            if (string.IsNullOrEmpty(text) || !text.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-'))
            {
                throw new ValidationMetadataException(
                    $"'{value}' is not a job status. Valid: one status word per value, such as {string.Join(", ", ExportJobStatus.Known)} " +
                    "(several statuses as a list: -Status NEW, PROCESSING).");
            }
        }
    }
}
