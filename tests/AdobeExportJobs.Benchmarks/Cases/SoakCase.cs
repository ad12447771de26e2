namespace AdobeExportJobs.Benchmarks.Cases;

public static class SoakCase
{
    public static Task<CaseResult> RunAsync(BenchmarkContext context) => throw new NotImplementedException("New/Wait-ExportJob have not landed yet");
}
