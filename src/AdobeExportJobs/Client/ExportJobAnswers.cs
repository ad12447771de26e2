using AdobeExportJobs.Model;
using Newtonsoft.Json;

namespace AdobeExportJobs.Client
{
    /// <summary>What a 2xx answer holds, or a MalformedResponse error when it does not hold what it should.</summary>
    internal static class ExportJobAnswers
    {
        /// <summary>A page of jobs; a page whose records cannot all be told apart by id is broken, not partly usable.</summary>
        public static ExportJobPage ParsePage(HttpCallResult result)
        {
            var page = ParseAnswer(result, ParsePageWithRecords, "a page of export jobs");
            if (page.Records.Any(job => job != null && job.Id <= 0)) throw AepApiErrors.Malformed(result, "a record in it has no job id", null);
            return page;
        }

        public static ExportJobRecord ParseJob(HttpCallResult result)
        {
            var job = ParseAnswer(result, AepJson.ParseJob, "an export job");
            if (job == null || job.Id == 0) throw AepApiErrors.Malformed(result, "it has no job id", null);
            return job;
        }

        /// <summary>
        /// The model parsed from a 2xx answer, or a MalformedResponse error: the body must be a JSON object of the expected
        /// shape (the parse says which) so "null", a bare value or a job where a page belongs never becomes a crash or a
        /// silently empty result.
        /// </summary>
        private static T ParseAnswer<T>(HttpCallResult result, Func<string, T> parse, string what) where T : class
        {
            if (string.IsNullOrWhiteSpace(result.Body)) throw AepApiErrors.Malformed(result, $"it is not {what} (empty)", null);
            T value;
            try
            {
                value = parse(result.Body);
            }
            catch (JsonException ex)
            {
                throw AepApiErrors.Malformed(result, $"it is not {what} ({ex.Message})", ex);
            }
            catch (FormatException ex)
            {
                throw AepApiErrors.Malformed(result, $"it is not {what} ({ex.Message})", ex);
            }
            if (value == null) throw AepApiErrors.Malformed(result, $"it is not {what} (empty)", null);
            return value;
        }

        private static ExportJobPage ParsePageWithRecords(string body)
        {
            var page = AepJson.ParsePage(body, out bool hasRecords);
            if (!hasRecords) throw new JsonShapeException("no \"records\" array");
            return page;
        }
    }
}
