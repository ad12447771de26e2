using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

/// <summary>
/// build.ps1 is for people with pwsh; this machine has none, but the hosted engine parses it and, since the script
/// uses only core cmdlets and .NET, runs its Package task for real.
/// </summary>
public class BuildScriptTests
{
    private static string BuildScript => Path.Combine(HelpPaths.RepoRoot, "build.ps1");

    [Fact]
    public void Build_script_parses_without_errors()
    {
        Parser.ParseFile(BuildScript, out _, out var errors);
        Assert.Empty(errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}"));
    }

    [Fact]
    public void Build_script_offers_the_Build_Test_Package_and_Help_tasks()
    {
        var ast = Parser.ParseFile(BuildScript, out _, out _);
        var task = ast.ParamBlock.Parameters.Single(p => p.Name.VariablePath.UserPath == "Task");
        var validateSet = task.Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet");
        var values = validateSet.PositionalArguments.OfType<StringConstantExpressionAst>().Select(s => s.Value).ToList();

        Assert.Subset(values.ToHashSet(), new HashSet<string> { "Build", "Test", "Package", "Help" });
        // Each offered task has a branch that runs it.
        var switchAst = (SwitchStatementAst)ast.Find(a => a is SwitchStatementAst, searchNestedScriptBlocks: true);
        Assert.Equal(values.OrderBy(v => v), switchAst.Clauses.Select(c => ((StringConstantExpressionAst)c.Item1).Value).OrderBy(v => v));
    }

    [Fact]
    public void Package_makes_a_publishable_folder_that_Test_ModuleManifest_accepts()
    {
        var packageRoot = Directory.CreateTempSubdirectory("aej-package-");
        try
        {
            using (var engine = new HostedPowerShell(importModule: false))
            {
                var r = engine.Run("& $args[0] -Task Package -NoBuild -PackageRoot $args[1]", arguments: new object[] { BuildScript, packageRoot.FullName });
                Assert.True(r.Succeeded, r.AllText());
                Assert.Equal(Path.Combine(packageRoot.FullName, "AdobeExportJobs"), r.Output.Single().ToString());
            }

            var folder = Path.Combine(packageRoot.FullName, "AdobeExportJobs");
            var built = Path.GetDirectoryName(HostedPowerShell.FindModuleManifest());
            var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).ToList();
            Assert.Contains("AdobeExportJobs.psd1", files);
            Assert.Contains("AdobeExportJobs.dll", files);
            Assert.Contains("Newtonsoft.Json.dll", files); // Windows PowerShell 5.1 ships none
            Assert.Contains(Path.Combine("en-US", "AdobeExportJobs.dll-Help.xml"), files);
            Assert.Contains(Path.Combine("en-US", "about_AdobeExportJobs.help.txt"), files);
            Assert.DoesNotContain(files, f => f.EndsWith(".pdb") || f.EndsWith(".deps.json"));
            foreach (var ps1xml in Directory.GetFiles(built, "*.ps1xml")) Assert.Contains(Path.GetFileName(ps1xml), files);

            using var fresh = new HostedPowerShell(importModule: false);
            var test = fresh.Run("Test-ModuleManifest -Path $args[0]", arguments: new object[] { Path.Combine(folder, "AdobeExportJobs.psd1") });
            Assert.True(test.Succeeded, test.AllText());
            var manifest = (PSModuleInfo)test.Output.Single().BaseObject;
            ManifestChecks.AssertPublishable(manifest);

            // What the manifest promises is what importing the packaged folder delivers.
            var import = fresh.Run("(Import-Module -Name $args[0] -PassThru -ErrorAction Stop).ExportedCmdlets.Keys", arguments: new object[] { Path.Combine(folder, "AdobeExportJobs.psd1") });
            Assert.True(import.Succeeded, import.AllText());
            Assert.Equal(manifest.ExportedCmdlets.Keys.OrderBy(k => k), import.Output.Select(o => o.ToString()).OrderBy(k => k));
        }
        finally
        {
            packageRoot.Delete(recursive: true);
        }
    }
}

/// <summary>What Test-ModuleManifest leaves to the gallery: the fields Publish-Module/Publish-PSResource and PSGallery insist on.</summary>
internal static class ManifestChecks
{
    public static void AssertPublishable(PSModuleInfo manifest)
    {
        Assert.Equal("AdobeExportJobs", manifest.Name);
        Assert.False(string.IsNullOrWhiteSpace(manifest.Author), "Author is required to publish");
        Assert.False(string.IsNullOrWhiteSpace(manifest.Description), "Description is required to publish");
        Assert.True(manifest.Version > new Version(0, 0), "ModuleVersion is required to publish");
        Assert.NotEqual(Guid.Empty, manifest.Guid);
        Assert.Equal(new Version(5, 1), manifest.PowerShellVersion);
        Assert.Equal(new[] { "Core", "Desktop" }, manifest.CompatiblePSEditions.OrderBy(e => e));
        Assert.Equal("AdobeExportJobs.dll", manifest.RootModule);

        var psData = (Hashtable)((Hashtable)manifest.PrivateData)["PSData"];
        var tags = ((IEnumerable)psData["Tags"]).Cast<object>().Select(t => t.ToString()).ToList();
        Assert.NotEmpty(tags);
        Assert.DoesNotContain(tags, t => t.Any(char.IsWhiteSpace)); // the gallery splits tags on spaces
        Assert.Contains("PSEdition_Core", tags);
        Assert.Contains("PSEdition_Desktop", tags);
        foreach (var key in new[] { "LicenseUri", "ProjectUri" })
            Assert.True(Uri.TryCreate(psData[key]?.ToString(), UriKind.Absolute, out _), $"PSData.{key} must be an absolute URI");
    }
}
