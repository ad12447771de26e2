using System.Diagnostics;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

public class CommandLineTests
{
    [Fact]
    public void Every_flag_sets_its_option()
    {
        var options = EmulatorCommandLine.Parse(new[]
        {
            "--urls", "http://127.0.0.1:5555", "--client-id", "cid", "--client-secret=sec", "--org-id", "ORG@AdobeOrg",
            "--sandboxes", "prod, qa", "--client", "c2:s2:ORG2@AdobeOrg", "--token-lifetime", "90m",
            "--min-job-duration", "250ms", "--max-job-duration", "2s", "--delete-answer-v1", "--data-dir", "/tmp/d",
            "--dataset-root", "/tmp/r", "--profile-count", "123", "--seed", "7", "--fault-rate-limit", "0.1",
            "--fault-retry-after", "none", "--fault-server-error", "0.2", "--fault-slow", "0.3", "--fault-slow-delay", "00:00:01.5",
            "--fault-drop", "0.05", "--fault-drop-after-create", "0.5", "--fault-token-early-expiry", "30", "--gateway-errors", "service",
            "--token-signing-secret", "tss", "--max-body-bytes", "1000", "--max-list-limit", "50",
            "--fault-include-token-endpoint",
        });
        Assert.Equal("http://127.0.0.1:5555", options.Urls);
        Assert.Equal("cid", options.ClientId);
        Assert.Equal("sec", options.ClientSecret);
        Assert.Equal("ORG@AdobeOrg", options.OrgId);
        Assert.Equal(new[] { "prod", "qa" }, options.Sandboxes);
        var extra = Assert.Single(options.AdditionalClients);
        Assert.Equal(("c2", "s2", "ORG2@AdobeOrg"), (extra.ClientId, extra.ClientSecret, extra.OrgId));
        Assert.Equal(TimeSpan.FromMinutes(90), options.TokenLifetime);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MinJobDuration);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxJobDuration);
        Assert.True(options.DeleteAnswerV1);
        Assert.Equal("/tmp/d", options.DataDirectory);
        Assert.Equal("/tmp/r", options.DatasetRoot);
        Assert.Equal(123, options.ProfileCount);
        Assert.Equal(7, options.Seed);
        var faults = options.Faults;
        Assert.Equal(0.1, faults.RateLimitShare);
        Assert.Null(faults.RetryAfterSeconds);
        Assert.Equal(0.2, faults.ServerErrorShare);
        Assert.Equal(0.3, faults.SlowShare);
        Assert.Equal(TimeSpan.FromSeconds(1.5), faults.SlowDelay);
        Assert.Equal(0.05, faults.DropShare);
        Assert.Equal(0.5, faults.DropAfterCreateShare);
        Assert.Equal(TimeSpan.FromSeconds(30), faults.TokenEarlyExpiry);
        Assert.Equal(ErrorShape.Service, options.GatewayErrors);
        Assert.Equal("tss", options.TokenSigningSecret);
        Assert.Equal(1000, options.MaxRequestBodyBytes);
        Assert.Equal(50, options.MaxListLimit);
        Assert.True(faults.IncludeTokenEndpoint);
    }

    [Fact]
    public void Defaults_are_the_documented_demo_values()
    {
        var options = EmulatorCommandLine.Parse(Array.Empty<string>());
        Assert.Equal("emulator-client", options.ClientId);
        Assert.Equal("emulator-secret", options.ClientSecret);
        Assert.Equal("EMULATOR0000000000000000@AdobeOrg", options.OrgId);
        Assert.Equal(new[] { "prod", "dev" }, options.Sandboxes);
        Assert.Equal(TimeSpan.FromHours(24), options.TokenLifetime);
        Assert.Equal(10_000, options.ProfileCount);
        Assert.Null(options.DataDirectory);
        Assert.Equal(0, options.Faults.RateLimitShare);
        Assert.Equal(ErrorShape.Gateway, options.GatewayErrors);
        Assert.Equal(256 * 1024, options.MaxRequestBodyBytes);
        Assert.Equal(1000, options.MaxListLimit);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_returns_null(string flag) => Assert.Null(EmulatorCommandLine.Parse(new[] { flag }));

    [Theory]
    [InlineData("--nope")]
    [InlineData("--fault-rate-limit", "1.5")]
    [InlineData("--token-lifetime", "soon")]
    [InlineData("--profile-count", "-3")]
    [InlineData("--client", "only-two:parts")]
    [InlineData("--urls")]
    [InlineData("--gateway-errors", "html")]
    [InlineData("stray")]
    public void Bad_flags_throw_a_helpful_ArgumentException(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(args));
        Assert.Contains(args[0].TrimStart('-').Split('=')[0], error.Message);
    }

    [Fact]
    public void The_help_text_documents_every_flag_the_parser_knows()
    {
        foreach (var flag in new[] { "--urls", "--client-id", "--client-secret", "--org-id", "--sandboxes", "--client ", "--token-lifetime",
                     "--min-job-duration", "--max-job-duration", "--delete-answer-v1", "--data-dir", "--dataset-root", "--profile-count",
                     "--seed", "--fault-rate-limit", "--fault-retry-after", "--fault-server-error", "--fault-slow ", "--fault-slow-delay",
                     "--fault-drop ", "--fault-drop-after-create", "--fault-token-early-expiry", "--gateway-errors",
                     "--token-signing-secret", "--max-body-bytes", "--max-list-limit",
                     "--fault-include-token-endpoint" })
        {
            Assert.Contains(flag, EmulatorCommandLine.HelpText);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("my-private-secret")]
    public async Task The_emulator_program_prints_its_address_and_credentials_and_serves_on_the_fixed_port(string customSecret)
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var program = Path.Combine(AppContext.BaseDirectory, "AdobeExportJobs.Emulator.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { program, "--urls", $"http://127.0.0.1:{port}", "--profile-count", "10" }) start.ArgumentList.Add(arg);
        if (customSecret != null)
        {
            start.ArgumentList.Add("--client-secret");
            start.ArgumentList.Add(customSecret);
        }
        using var process = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            while (lines.Count < 20)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (line == null || line.StartsWith("Press Ctrl+C")) break;
                lines.Add(line);
            }
            var output = string.Join("\n", lines);
            Assert.Contains($"http://127.0.0.1:{port}", output);
            Assert.Contains("emulator-client", output);
            if (customSecret == null) Assert.Contains("emulator-secret", output);
            else Assert.DoesNotContain(customSecret, output); // only the public demo secret is ever printed
            Assert.Contains("EMULATOR0000000000000000@AdobeOrg", output);

            using var http = new HttpClient();
            Assert.Contains("emulator", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
