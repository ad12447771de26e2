using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>Refuses null, empty and whitespace-only strings (ValidateNotNullOrWhiteSpace is PowerShell 7.4+ only).</summary>
    internal sealed class ValidateNotWhiteSpaceAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value == null || (value is string text && string.IsNullOrWhiteSpace(text)))
            {
                throw new ValidationMetadataException("The argument is null, empty or only white space; give a non-empty value.");
            }
        }
    }
}
