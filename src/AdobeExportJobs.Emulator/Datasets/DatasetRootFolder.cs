using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace AdobeExportJobs.Emulator.Datasets;

/// <summary>
/// The folder exported batches are written to. A given <see cref="EmulatorOptions.DatasetRoot"/> is used and kept.
/// With a data directory the files live beside the jobs (&lt;data-dir&gt;/datasets) and are kept, so jobs found there after
/// a restart, even after a crash, point at files that still exist. Otherwise the emulator makes a temporary folder under
/// <see cref="TemporaryParent"/>, marked with its owner (process id and start time), and deletes it when disposed;
/// folders whose owner is no longer running (a process killed before it could clean up) are deleted by the next
/// emulator that makes one.
/// </summary>
internal sealed class DatasetRootFolder : IDisposable
{
    public const string OwnerFileName = ".owner";

    private DatasetRootFolder(string path, bool temporary)
    {
        Path = path;
        IsTemporary = temporary;
    }

    public string Path { get; }

    /// <summary>True when the emulator made this folder and deletes it on dispose.</summary>
    public bool IsTemporary { get; }

    public static string TemporaryParent => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "adobe-export-jobs-emulator");

    public static DatasetRootFolder Choose(EmulatorOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.DatasetRoot)) return Kept(System.IO.Path.GetFullPath(options.DatasetRoot));
        if (!string.IsNullOrWhiteSpace(options.DataDirectory))
            return Kept(System.IO.Path.Combine(System.IO.Path.GetFullPath(options.DataDirectory), "datasets"));
        return CreateTemporary();
    }

    private static DatasetRootFolder Kept(string path)
    {
        Directory.CreateDirectory(path);
        return new DatasetRootFolder(path, temporary: false);
    }

    private static DatasetRootFolder CreateTemporary()
    {
        DeleteAbandoned();
        var path = System.IO.Path.Combine(TemporaryParent, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        // Written whole, then renamed: a sweeper never reads a half-written owner.
        var owner = System.IO.Path.Combine(path, OwnerFileName);
        File.WriteAllText(owner + ".new", OwnerText(Environment.ProcessId, CurrentProcessStart()));
        File.Move(owner + ".new", owner);
        return new DatasetRootFolder(path, temporary: true);
    }

    /// <summary>Deletes the temporary roots whose owning process has ended. Folders without an owner file (being made
    /// right now, or from an older emulator) are left alone.</summary>
    public static void DeleteAbandoned()
    {
        if (!Directory.Exists(TemporaryParent)) return;
        foreach (var folder in Directory.EnumerateDirectories(TemporaryParent))
        {
            string owner;
            try { owner = File.ReadAllText(System.IO.Path.Combine(folder, OwnerFileName)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (OwnerIsRunning(owner)) continue;
            TryDelete(folder);
        }
    }

    public void Dispose()
    {
        if (IsTemporary) TryDelete(Path);
    }

    private static string OwnerText(int processId, DateTime startUtc) =>
        $"{processId.ToString(CultureInfo.InvariantCulture)} {startUtc.Ticks.ToString(CultureInfo.InvariantCulture)}";

    private static DateTime CurrentProcessStart()
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    }

    /// <summary>True unless the owner is known to be gone: no process with that id, or one that started at another time (a reused id).</summary>
    private static bool OwnerIsRunning(string owner)
    {
        var parts = owner.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks)) return true;
        try
        {
            using var process = Process.GetProcessById(processId);
            var started = process.StartTime.ToUniversalTime();
            return Math.Abs(started.Ticks - startTicks) < TimeSpan.FromSeconds(2).Ticks;
        }
        catch (ArgumentException) { return false; }           // no such process
        catch (InvalidOperationException) { return false; }   // it exited meanwhile
        catch (Exception e) when (e is Win32Exception or NotSupportedException) { return true; } // cannot tell: keep
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
