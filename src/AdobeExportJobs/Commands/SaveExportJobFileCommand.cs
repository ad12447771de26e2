using System.Globalization;
using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsData.Save, "ExportJobFile", DefaultParameterSetName = ByFileSet, SupportsShouldProcess = true, HelpUri = OnlineHelp.Root + "Save-ExportJobFile.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveExportJobFileCommand : AepSessionCmdlet
    {
        private const string ByJobSet = "ByJob";
        private const string ByFileSet = "ByFile";
        private const int DefaultThrottleLimit = 4;

        /// <summary>How often progress is shown while files download.</summary>
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

        /// <summary>How long a stopped command waits for its downloads to close their files (so a next run can reopen them at once).</summary>
        private static readonly TimeSpan WindDownTime = TimeSpan.FromSeconds(5);

        private readonly List<long> _ids = new List<long>();
        private readonly List<ExportJobFile> _files = new List<ExportJobFile>();
        private string _root;
        private Task _downloads;

        /// <summary>Job ids whose files to save; from the pipeline as numbers or as objects with an Id (or JobId) property, e.g. from Wait-ExportJob.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByJobSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }

        /// <summary>
        /// Files to save, as Get-ExportJobFile returns them. Its set is the default one: the binder tries the default set
        /// first, and a file (which has a JobId) must bind as itself, not as the id of its whole job.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ByFileSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ExportJobFile[] InputObject { get; set; }

        /// <summary>The folder to save into; created when missing. Files go to &lt;Path&gt;/&lt;jobId&gt;/&lt;batchId&gt;/&lt;name&gt;.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotWhiteSpace]
        public string Path { get; set; }

        /// <summary>Download files again even when they are complete; an interrupted file starts over instead of resuming.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Return each saved (or already complete) file as a FileInfo.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>How many files download at once (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>The most bytes asked for in one request (default 64 MiB); larger files are fetched in ranges of this size.</summary>
        [Parameter]
        [ValidateRange(1024L, 4L * 1024 * 1024 * 1024)]
        public long ChunkSize { get; set; } = ExportFileDownloader.DefaultChunkSize;

        protected override void BeginProcessing()
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException)
            {
                ThrowTerminatingError(InvalidPath($"-Path '{Path}' is not a folder this command can write to: {ex.Message}", Path));
                return;
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                ThrowTerminatingError(InvalidPath($"-Path '{Path}' is on the {provider.Name} provider; give a folder of the file system.", Path));
            if (File.Exists(resolved))
                ThrowTerminatingError(InvalidPath($"-Path '{Path}' is a file; give the folder to save into (it is created when missing).", Path));
            _root = resolved;
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByFileSet)
            {
                _files.AddRange(InputObject.Where(f => f != null));
                return;
            }
            foreach (var id in Id)
            {
                if (!_ids.Contains(id)) _ids.Add(id);
            }
        }

        protected override void EndProcessing()
        {
            if (_ids.Count == 0 && _files.Count == 0) return;
            var access = new DataAccessClient(Client);
            var files = new List<ExportJobFile>(_files);
            if (_ids.Count > 0) files.AddRange(ListFiles(access));
            var targets = Plan(files);
            if (targets.Count > 0) Download(new ExportFileDownloader(access, ChunkSize), targets);
        }

        /// <summary>The files of the jobs given by id; a job without files is one error, and the others go on.</summary>
        private IReadOnlyList<ExportJobFile> ListFiles(DataAccessClient access) =>
            RunAsync(async bridge =>
            {
                var files = new List<ExportJobFile>();
                foreach (var id in _ids)
                {
                    try
                    {
                        var found = await access.GetJobFilesAsync(id, bridge.CancellationToken).ConfigureAwait(false);
                        if (found.Files.Count == 0) bridge.WriteWarning($"Export job {id} SUCCEEDED but the platform lists no files for its batches ({string.Join(", ", found.Job.BatchIds)}).");
                        files.AddRange(found.Files);
                    }
                    catch (Exception ex) when (ExportFileErrors.IsReportable(ex))
                    {
                        bridge.WriteError(ExportFileErrors.ForJob(ex, id));
                    }
                }
                return (IReadOnlyList<ExportJobFile>)files;
            });

        /// <summary>
        /// On the pipeline thread: where each file goes and what is there. Complete files are skipped (unless -Force);
        /// the rest are what ShouldProcess (and so -WhatIf and -Confirm) is asked about, one file each.
        /// </summary>
        private List<ExportFileTarget> Plan(IEnumerable<ExportJobFile> files)
        {
            var targets = new List<ExportFileTarget>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                ExportFileTarget target;
                try
                {
                    target = ExportFileDownloader.Inspect(_root, file);
                }
                catch (ExportFileNameException unsafeName)
                {
                    WriteError(ExportFileErrors.ForFile(unsafeName, file, null));
                    continue;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
                {
                    // A path the file system refuses (too long, say): this file fails, the others go on.
                    WriteError(ExportFileErrors.ForFile(new DownloadTargetException(new IOException(ex.Message, ex)), file, null));
                    continue;
                }
                if (!seen.Add(target.Path)) continue;
                if (target.State == ExportFileState.Complete && !Force)
                {
                    WriteVerbose($"'{target.Path}' is complete ({Size(file.Length)}): not downloaded again (-Force would).");
                    if (PassThru) WriteObject(new FileInfo(target.Path));
                    continue;
                }
                if (!ShouldProcess(target.Path, Describe(target))) continue;
                targets.Add(target);
            }
            return targets;
        }

        private string Describe(ExportFileTarget target)
        {
            var what = $"Save export file ({Size(target.File.Length)}, job {target.File.JobId.ToString(CultureInfo.InvariantCulture)}";
            if (Force || target.State == ExportFileState.Complete) return what + ", again)";
            if (target.State == ExportFileState.Partial) return what + $", resuming after {SaveProgress.Bytes(target.PartialBytes)})";
            if (target.State == ExportFileState.Different)
                return what + (target.File.Length.HasValue ? ", replacing a file of another size)" : ", unless the file of that name already has the size a HEAD gives)");
            return what + ")";
        }

        private static string Size(long? bytes) =>
            bytes.HasValue ? bytes.Value.ToString("N0", CultureInfo.InvariantCulture) + " bytes" : "size unknown";

        private void Download(ExportFileDownloader downloader, List<ExportFileTarget> targets)
        {
            var progress = new SaveProgress(_root, targets, Force);
            bool force = Force, passThru = PassThru;
            int workers = Math.Min(ThrottleLimit, targets.Count);
            try
            {
                RunAsync(bridge =>
                {
                    var all = SaveAllAsync(downloader, targets, progress, force, passThru, workers, bridge);
                    Volatile.Write(ref _downloads, all);
                    return all;
                });
            }
            catch
            {
                WindDown();
                throw;
            }
            finally
            {
                if (progress.Shown) CompleteProgress(progress);
            }
            WriteVerbose($"Saved {progress.Finished} of {targets.Count} files: {SaveProgress.Bytes(progress.BytesDone)} fetched in {progress.Elapsed.TotalSeconds:0.0} s"
                + (progress.ResumedBytes > 0 ? $", {SaveProgress.Bytes(progress.ResumedBytes)} kept from earlier runs" : string.Empty)
                + (progress.Failed > 0 ? $"; {progress.Failed} failed" : string.Empty) + ".");
        }

        private async Task SaveAllAsync(ExportFileDownloader downloader, IReadOnlyList<ExportFileTarget> targets, SaveProgress progress, bool force, bool passThru,
            int workers, PipelineBridge bridge)
        {
            var stop = bridge.CancellationToken;
            int next = -1;
            async Task Worker()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < targets.Count)
                {
                    stop.ThrowIfCancellationRequested();
                    var target = targets[i];
                    progress.Started(target);
                    try
                    {
                        var saved = await downloader.SaveAsync(target.File, _root, force, progress.Add, stop).ConfigureAwait(false);
                        progress.Saved(target, saved);
                        bridge.WriteVerbose($"Saved '{saved.Path}' ({Size(saved.Length)}"
                            + (saved.Skipped ? ", complete already" : saved.ResumedFrom > 0 ? $", resumed after {saved.ResumedFrom.ToString("N0", CultureInfo.InvariantCulture)} bytes an earlier run fetched" : string.Empty) + ").");
                        if (passThru) bridge.WriteObject(new FileInfo(saved.Path));
                    }
                    catch (Exception ex) when (ExportFileErrors.IsReportable(ex) && !stop.IsCancellationRequested)
                    {
                        progress.NotSaved(target);
                        bridge.WriteError(ExportFileErrors.ForFile(ex, target.File, target.Path));
                    }
                }
            }
            var all = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker)).ToList());
            while (!all.IsCompleted)
            {
                await Task.WhenAny(all, Task.Delay(ProgressInterval, stop)).ConfigureAwait(false);
                if (!all.IsCompleted) bridge.WriteProgress(progress.Record());
            }
            await all.ConfigureAwait(false);
        }

        /// <summary>
        /// After Ctrl+C (or a downstream stop) the downloads are cancelled; waiting a moment for them to close their
        /// .partial files lets a next Save-ExportJobFile resume them at once.
        /// </summary>
        private void WindDown()
        {
            var downloads = Volatile.Read(ref _downloads);
            if (downloads == null) return;
            try { downloads.Wait(WindDownTime); }
            catch (AggregateException) { /* cancelled or failed: either way its files are closed */ }
        }

        private void CompleteProgress(SaveProgress progress)
        {
            try { WriteProgress(progress.Completed()); }
            catch (PipelineStoppedException) { /* the pipeline is going away; nothing left to show */ }
        }

        private static ErrorRecord InvalidPath(string message, string path) =>
            ErrorRecords.Create(ErrorIds.ExportFileInvalidPath, new ArgumentException(message, nameof(Path)), path,
                action: "Give -Path a folder of the file system, e.g. -Path ./exports.");
    }
}
