using System;
using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>The ErrorRecords of Get-ExportJobFile and Save-ExportJobFile: one per job that yields no files, one per file that is not saved.</summary>
    internal static class ExportFileErrors
    {
        public const string JobNotSucceeded = "ExportJobNotSucceeded";
        public const string JobNotFound = "ExportJobNotFound";
        public const string FileNotFound = "ExportFileNotFound";
        public const string NameUnsafe = "ExportFileNameUnsafe";
        public const string WriteFailed = "ExportFileWriteFailed";
        public const string SizeMismatch = "ExportFileSizeMismatch";
        public const string InvalidPath = "ExportFileInvalidPath";

        /// <summary>Why the files of job <paramref name="jobId"/> could not be read.</summary>
        public static ErrorRecord ForJob(Exception exception, long jobId)
        {
            if (exception is ExportJobNotSucceededException notSucceeded)
            {
                var job = notSucceeded.Job;
                var action = notSucceeded.MaySucceedLater
                    ? $"Wait for the job, then ask again: Wait-ExportJob -Id {jobId} | Get-ExportJobFile"
                    : $"Read the job's Errors (Get-ExportJob -Id {jobId} | Format-List); fix the cause and create the job again.";
                return new ErrorRecord(exception, JobNotSucceeded, ErrorCategory.InvalidOperation, ExportJobOutput.Wrap(job))
                {
                    ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action },
                };
            }
            // A 404 of the job itself names the job; one of the Data Access API, a batch or file the job named.
            bool jobMissing = exception is AepApiException api && api.StatusCode == 404 && (api.Url ?? string.Empty).Contains("/export/jobs");
            return AepErrorMapper.ToErrorRecord(exception, jobId, jobMissing ? JobNotFound : FileNotFound);
        }

        /// <summary>Why one file was not saved; the message names the file and where it was going.</summary>
        public static ErrorRecord ForFile(Exception exception, ExportJobFile file, string path)
        {
            var name = file?.RelativePath ?? file?.ToString();
            ErrorRecord record;
            switch (exception)
            {
                case ExportFileNameException _:
                    record = new ErrorRecord(exception, NameUnsafe, ErrorCategory.InvalidData, Target(file));
                    record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = "Report the file name to Adobe; the module writes nothing outside -Path." };
                    return record;
                case DownloadTargetException disk:
                    record = new ErrorRecord(exception, WriteFailed, ErrorCategory.WriteError, Target(file));
                    record.ErrorDetails = new ErrorDetails($"Saving export file '{name}' failed: {disk.Message}")
                    {
                        RecommendedAction = "Free space or fix the permissions of -Path, then save again: what was fetched is kept and resumed.",
                    };
                    return record;
                case ExportFileSizeException _:
                    record = new ErrorRecord(exception, SizeMismatch, ErrorCategory.InvalidResult, Target(file));
                    record.ErrorDetails = new ErrorDetails($"Saving export file '{name}' failed: {exception.Message}") { RecommendedAction = "Save again with -Force." };
                    return record;
            }
            record = AepErrorMapper.ToErrorRecord(exception, Target(file), FileNotFound);
            record.ErrorDetails = new ErrorDetails($"Saving export file '{name}'{(path == null ? string.Empty : $" to '{path}'")} failed: {exception.Message}")
            {
                RecommendedAction = record.ErrorDetails?.RecommendedAction ?? "Save again: what was fetched is kept and resumed.",
            };
            return record;
        }

        private static object Target(ExportJobFile file) => file == null ? null : ExportJobFileOutput.Wrap(file);
    }
}
