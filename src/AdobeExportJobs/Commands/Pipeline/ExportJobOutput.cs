using System.Management.Automation;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    internal static class ExportJobOutput
    {
        /// <summary>The type name the views and Types.ps1xml know export jobs by.</summary>
        public const string TypeName = "AdobeExportJobs.ExportJob";

        public static PSObject Wrap(ExportJob job)
        {
            var output = new PSObject(job);
            output.TypeNames.Insert(0, TypeName);
            return output;
        }
    }
}
