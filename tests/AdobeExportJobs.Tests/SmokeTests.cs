using AdobeExportJobs.Emulator;
using Xunit;

public class SmokeTests
{
    [Fact]
    public async Task Emulator_answers_status_page_on_loopback()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var http = new HttpClient();
        var text = await http.GetStringAsync(server.BaseUrl);
        Assert.Contains("emulator", text);
    }
}
