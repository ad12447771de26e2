using System.Collections;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// Takes every log line (debug lines with bodies and headers included) of the client calls this test makes, through
/// the same ambient <see cref="HttpLogScope"/> a cmdlet uses. Create it before the calls; enumerates the messages.
/// </summary>
internal sealed class HttpLogCapture : IDisposable, IEnumerable<string>
{
    private readonly List<HttpLogEntry> _entries = new();
    private readonly IDisposable _scope;

    public HttpLogCapture()
    {
        _scope = HttpLogScope.Begin(entry => { lock (_entries) _entries.Add(entry); });
    }

    public IReadOnlyList<HttpLogEntry> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public IEnumerator<string> GetEnumerator() => Entries.Select(e => e.Message).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _scope.Dispose();
}
