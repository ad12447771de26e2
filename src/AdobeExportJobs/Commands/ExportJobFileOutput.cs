using System.Management.Automation;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    public static class ExportJobFileOutput
    {
        /// <summary>The type name the views know export files by.</summary>
        public const string TypeName = "AdobeExportJobs.ExportJobFile";

        public static PSObject Wrap(ExportJobFile file)
        {
            var output = new PSObject(file);
            output.TypeNames.Insert(0, TypeName);
            return output;
        }
    }
}
