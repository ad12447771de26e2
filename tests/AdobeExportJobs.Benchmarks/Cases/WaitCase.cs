namespace AdobeExportJobs.Benchmarks.Cases;

public static class WaitCase
{
    public static Task<CaseResult> RunAsync(BenchmarkContext context) => throw new NotImplementedException("Wait-ExportJob has not landed yet");
}
