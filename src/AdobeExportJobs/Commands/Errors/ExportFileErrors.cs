using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Which id and words the failures of Get-ExportJobFile and Save-ExportJobFile get: one record per job that yields no
    /// files, one per file that is not saved. Made by <see cref="ErrorRecords"/> like every record.
    /// </summary>
    internal static class ExportFileErrors
    {
        /// <summary>Failures these cmdlets report: the module's own, and a job without files, a file that cannot be written or is the wrong size.</summary>
        public static bool IsReportable(Exception exception) =>
            exception is ExportJobNotSucceededException || exception is DownloadTargetException || exception is ExportFileNameException
            || exception is ExportFileSizeException || ErrorRecords.IsReportable(exception);

        /// <summary>Why the files of job <paramref name="jobId"/> could not be read.</summary>
        public static ErrorRecord ForJob(Exception exception, long jobId)
        {
            if (exception is ExportJobNotSucceededException notSucceeded)
            {
                var action = notSucceeded.MaySucceedLater
                    ? $"Wait for the job, then ask again: Wait-ExportJob -Id {jobId} | Get-ExportJobFile"
                    : $"Read the job's Errors (Get-ExportJob -Id {jobId} | Format-List); fix the cause and create the job again.";
                return ErrorRecords.Create(ErrorIds.ExportJobNotSucceeded, exception, new ExportJob(notSucceeded.Job), action: action);
            }
            // A 404 of the job itself names the job; one of the Data Access API, a batch or file the job named.
            bool jobMissing = exception is AepApiException api && api.StatusCode == 404 && (api.Url ?? string.Empty).Contains("/export/jobs");
            return ErrorRecords.FromFailure(exception, jobId, jobMissing ? ErrorIds.ExportJobNotFound : ErrorIds.ExportFileNotFound);
        }

        /// <summary>Why one file was not saved; the message names the file and where it was going.</summary>
        public static ErrorRecord ForFile(Exception exception, ExportJobFile file, string path)
        {
            var name = file?.RelativePath ?? file?.ToString();
            var target = file;
            switch (exception)
            {
                case ExportFileNameException _:
                    return ErrorRecords.Create(ErrorIds.ExportFileNameUnsafe, exception, target);
                case DownloadTargetException disk:
                    return ErrorRecords.Create(ErrorIds.ExportFileWriteFailed, exception, target, $"Saving export file '{name}' failed: {disk.Message}");
                case ExportFileSizeException _:
                    return ErrorRecords.Create(ErrorIds.ExportFileSizeMismatch, exception, target, $"Saving export file '{name}' failed: {exception.Message}");
            }
            var errorId = ErrorRecords.IdOf(exception, ErrorIds.ExportFileNotFound);
            return ErrorRecords.Create(errorId, exception, target,
                $"Saving export file '{name}'{(path == null ? string.Empty : $" to '{path}'")} failed: {exception.Message}",
                ErrorRecords.ActionOf(errorId) ?? "Save again: what was fetched is kept and resumed.");
        }
    }
}
