using System.Management.Automation;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>Export jobs and their files as pipeline objects, carrying the type names the views and Types.ps1xml are keyed on.</summary>
    internal static class ExportJobOutput
    {
        public const string TypeName = "AdobeExportJobs.ExportJob";
        public const string FileTypeName = "AdobeExportJobs.ExportJobFile";

        public static PSObject Wrap(ExportJob job) => Wrap(job, TypeName);

        public static PSObject Wrap(ExportJobFile file) => Wrap(file, FileTypeName);

        private static PSObject Wrap(object value, string typeName)
        {
            var output = new PSObject(value);
            output.TypeNames.Insert(0, typeName);
            return output;
        }
    }
}
