using System.Management.Automation;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Admits one status word: the known ones and any the service may add later (letters, digits, '_' or '-'), and refuses
    /// what can only be a mistake (a list, spaces, punctuation) before a request is sent.
    /// </summary>
    internal sealed class ValidateStatusWordAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            var text = (value as string)?.Trim();
            if (string.IsNullOrEmpty(text) || !text.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-'))
            {
                throw new ValidationMetadataException(
                    $"'{value}' is not a job status. Valid: one status word, such as {string.Join(", ", ExportJobStatus.Known)} " +
                    "(to list several statuses, run Get-ExportJob once for each).");
            }
        }
    }
}
