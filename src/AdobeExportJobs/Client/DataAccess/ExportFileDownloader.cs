namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Saves export files the way careful transfer tools do: streams each to <c>&lt;name&gt;.partial</c>, resumes such a
    /// file from its end with Range, fetches large files in chunks, checks the size, and only then renames it to its name.
    /// A file with its final name is therefore always complete; an interrupted save leaves only a <c>.partial</c> file.
    /// Memory use does not depend on file size. Knows nothing of PowerShell.
    /// </summary>
    internal sealed class ExportFileDownloader
    {
        /// <summary>
        /// Bytes asked for per request. The platform ends each answer after about 60 s; 64 MiB arrive within that above
        /// about 1.1 MiB/s, and a slower answer cut short is simply asked again from where it stopped.
        /// </summary>
        public const long DefaultChunkSize = 64L * 1024 * 1024;

        private readonly DataAccessClient _client;

        public ExportFileDownloader(DataAccessClient client, long chunkSize = DefaultChunkSize)
        {
            if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be at least 1 byte.");
            _client = client ?? throw new ArgumentNullException(nameof(client));
            ChunkSize = chunkSize;
        }

        public long ChunkSize { get; }

        /// <summary>Where a file goes below <paramref name="root"/> and what is there now (no network).</summary>
        public static ExportFileTarget Inspect(string root, ExportJobFile file)
        {
            var path = ExportFileLayout.LocalPath(root, file);
            var partialPath = ExportFileLayout.PartialPath(path);
            var existing = new FileInfo(path);
            // Without a size to compare, the file is not taken for complete here: SaveAsync asks for the size (HEAD) first.
            if (existing.Exists && file.Length.HasValue && existing.Length == file.Length.Value)
                return new ExportFileTarget(file, path, partialPath, ExportFileState.Complete, 0);
            var partial = new FileInfo(partialPath);
            if (partial.Exists && partial.Length > 0 && (!file.Length.HasValue || partial.Length <= file.Length.Value))
                return new ExportFileTarget(file, path, partialPath, ExportFileState.Partial, partial.Length);
            return new ExportFileTarget(file, path, partialPath, existing.Exists ? ExportFileState.Different : ExportFileState.Absent, 0);
        }

        /// <summary>
        /// Saves one file below <paramref name="root"/>. Complete files are left alone unless <paramref name="force"/>;
        /// <paramref name="force"/> also starts an interrupted file over. <paramref name="progress"/> gets each block
        /// written (negative when a partial file turned out unusable and its bytes are fetched again).
        /// </summary>
        public async Task<ExportFileSaveResult> SaveAsync(ExportJobFile file, string root, bool force, Action<long> progress = null,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            var target = Inspect(root, file);
            if (file.DownloadUrl == null) throw new ArgumentException($"The export file '{target.Path}' has no download URL.", nameof(file));
            long length = file.Length ?? await _client.GetFileLengthAsync(file.DownloadUrl, cancellationToken).ConfigureAwait(false)
                ?? throw AepApiErrors.SizeUnknown(file.Name, file.DownloadUrl);
            var existing = new FileInfo(target.Path);
            if (!force && existing.Exists && existing.Length == length)
                return new ExportFileSaveResult(file, target.Path, length, Skipped: true, ResumedFrom: 0, BytesFetched: 0);

            OnDisk(target.Path, () =>
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target.Path));
                if (force) DeleteIfThere(target.PartialPath);
            });
            long start, fetched = 0;
            using (var stream = OpenPartial(target.PartialPath))
            {
                start = stream.Length;
                if (start > length)
                {
                    // Longer than the file: not a beginning of it.
                    stream.SetLength(0);
                    start = 0;
                }
                stream.Position = start;
                if (start < length)
                {
                    try
                    {
                        fetched = await _client.DownloadAsync(file.DownloadUrl, start, length - start, length, ChunkSize, stream, progress, cancellationToken).ConfigureAwait(false);
                    }
                    catch (AepApiException unsatisfiable) when (unsatisfiable.StatusCode == 416 && start > 0)
                    {
                        // The file on the server is not what the partial file began: fetch it whole.
                        progress?.Invoke(-start);
                        stream.SetLength(0);
                        stream.Position = 0;
                        start = 0;
                        fetched = await _client.DownloadAsync(file.DownloadUrl, 0, length, length, ChunkSize, stream, progress, cancellationToken).ConfigureAwait(false);
                    }
                }
                if (stream.Length != length)
                    throw new ExportFileSizeException(file, target.PartialPath, length, stream.Length);
            }
            Publish(target.PartialPath, target.Path);
            return new ExportFileSaveResult(file, target.Path, length, Skipped: false, ResumedFrom: start, BytesFetched: fetched);
        }

        // Unbuffered: every block goes to the file as it arrives, so an interrupted save keeps all it fetched. Not forced
        // to the disk (no fsync) before the rename, as curl, wget and AzCopy do not: forcing every file to disk makes saving
        // disk-bound (markedly slower than a raw copy in the download benchmark). A system crash right after a save may lose
        // the end of a file; on ext4, XFS and APFS it then reads shorter, which the next save's size check finds and fixes.
        private static FileStream OpenPartial(string path) =>
            OnDisk(path, () => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.Asynchronous));

        private static void Publish(string partial, string path) =>
            OnDisk(path, () =>
            {
                DeleteIfThere(path);
                File.Move(partial, path);
            });

        /// <summary>A file-system step whose failure is a <see cref="DownloadTargetException"/> naming the file.</summary>
        private static T OnDisk<T>(string path, Func<T> step)
        {
            try
            {
                return step();
            }
            catch (IOException error)
            {
                throw new DownloadTargetException(error, path);
            }
            catch (UnauthorizedAccessException denied)
            {
                throw new DownloadTargetException(new IOException(denied.Message, denied), path);
            }
        }

        private static void OnDisk(string path, Action step) => OnDisk(path, () =>
        {
            step();
            return true;
        });

        private static void DeleteIfThere(string path)
        {
            if (File.Exists(path)) File.Delete(path);
        }
    }
}
