using System.Management.Automation;
using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

internal static class EngineAssert
{
    public static void Succeeded(HostedRunResult r)
    {
        Assert.True(r.Succeeded, "Expected success, got: " + string.Join("\n", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)) + r.TerminatingError);
    }

    /// <summary>All errors of a run: the error stream and the terminating one.</summary>
    public static List<ErrorRecord> AllErrors(HostedRunResult r)
    {
        var errors = r.Errors.ToList();
        if (r.TerminatingError is IContainsErrorRecord withRecord) errors.Add(withRecord.ErrorRecord);
        return errors;
    }

    /// <summary>
    /// Exactly one error, with this id, category and (when given) target object. <paramref name="errorId"/> is the whole
    /// FullyQualifiedErrorId ("AepThrottled,AdobeExportJobs.Commands.GetExportJobCommand") or just its id ("AepThrottled"),
    /// which then must be the whole part before the command: the rule of the Pester suite's Assert-SingleError too.
    /// </summary>
    public static ErrorRecord SingleError(HostedRunResult r, string errorId, ErrorCategory category, object target = null)
    {
        var errors = AllErrors(r);
        Assert.True(errors.Count == 1, $"Expected one error {errorId}, got {errors.Count}: " + string.Join("\n", errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        var error = errors[0];
        Assert.Equal(errorId, errorId.Contains(',') ? error.FullyQualifiedErrorId : error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(category, error.CategoryInfo.Category);
        if (target != null) Assert.Equal(target, error.TargetObject is PSObject pso ? pso.BaseObject : error.TargetObject);
        return error;
    }

    public static long[] Ids(HostedRunResult r) => r.Output.Select(o => (long)o.Properties["Id"].Value).ToArray();
}
