using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace AdobeExportJobs.Runner;

/// <summary>
/// A PSHost whose UI is plain text: what the engine writes for people (formatted output, verbose,
/// warnings, progress) lands in two TextWriters with no ANSI. Prompts are refused, never awaited:
/// nothing that runs here has a person at the keyboard.
/// </summary>
public sealed class TextHost : PSHost
{
    private readonly TextHostUserInterface _ui;

    public TextHost(TextWriter output, TextWriter diagnostics, int width)
    {
        _ui = new TextHostUserInterface(output, diagnostics, width);
    }

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "AdobeExportJobs.Runner";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => typeof(TextHost).Assembly.GetName().Version ?? new Version(1, 0);

    /// <summary>Exit code a script asked for with <c>exit N</c>, if any.</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

internal sealed class TextHostUserInterface : PSHostUserInterface
{
    private readonly TextWriter _output;
    private readonly TextWriter _diagnostics;
    private readonly TextRawUserInterface _raw;
    private readonly object _gate = new();

    public TextHostUserInterface(TextWriter output, TextWriter diagnostics, int width)
    {
        _output = output;
        _diagnostics = diagnostics;
        _raw = new TextRawUserInterface(width);
    }

    public override PSHostRawUserInterface RawUI => _raw;

    // PowerShell 7 formats with ANSI styles and leaves stripping them to the host; a text log wants none.
    private static readonly System.Text.RegularExpressions.Regex Ansi = new("\u001b\\[[0-9;?]*[ -/]*[@-~]", System.Text.RegularExpressions.RegexOptions.Compiled);

    private static string Plain(string value) => value is null || value.IndexOf('\u001b') < 0 ? value : Ansi.Replace(value, string.Empty);

    public override void Write(string value) { lock (_gate) _output.Write(Plain(value)); }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
    public override void WriteLine(string value) { lock (_gate) _output.WriteLine(Plain(value)); }
    public override void WriteErrorLine(string value) { lock (_gate) _diagnostics.WriteLine(Plain(value)); }
    public override void WriteDebugLine(string message) { lock (_gate) _diagnostics.WriteLine("DEBUG: " + Plain(message)); }
    public override void WriteVerboseLine(string message) { lock (_gate) _diagnostics.WriteLine("VERBOSE: " + Plain(message)); }
    public override void WriteWarningLine(string message) { lock (_gate) _diagnostics.WriteLine("WARNING: " + Plain(message)); }

    private string _lastProgress;

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        // One plain line per change of what a person would read, so logs stay short.
        var line = record.RecordType == ProgressRecordType.Completed
            ? $"PROGRESS: {record.Activity}: done"
            : $"PROGRESS: {record.Activity}: {record.StatusDescription}" +
              (record.PercentComplete >= 0 ? $" ({record.PercentComplete}%)" : string.Empty);
        lock (_gate)
        {
            if (line == _lastProgress) return;
            _lastProgress = line;
            _diagnostics.WriteLine(line);
        }
    }

    public override string ReadLine() => throw NoPerson();
    public override SecureString ReadLineAsSecureString() => throw NoPerson();
    public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw NoPerson();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoPerson();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoPerson();
    public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => throw NoPerson();

    private static PSInvalidOperationException NoPerson() =>
        new("This host runs scripts unattended and cannot prompt. Pass the value as a parameter (for confirmations: -Confirm:$false or -Force).");
}

internal sealed class TextRawUserInterface : PSHostRawUserInterface
{
    private Size _bufferSize;

    public TextRawUserInterface(int width) => _bufferSize = new Size(width, int.MaxValue / 2);

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get => _bufferSize; set => _bufferSize = value; }
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; }
    public override bool KeyAvailable => false;
    public override Size MaxPhysicalWindowSize => new(_bufferSize.Width, 100);
    public override Size MaxWindowSize => new(_bufferSize.Width, 100);
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get => new(_bufferSize.Width, 100); set { } }
    public override string WindowTitle { get; set; } = string.Empty;

    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new PSInvalidOperationException("This host cannot read keys.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
