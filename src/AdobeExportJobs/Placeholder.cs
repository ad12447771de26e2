namespace AdobeExportJobs { internal static class Placeholder { } }
