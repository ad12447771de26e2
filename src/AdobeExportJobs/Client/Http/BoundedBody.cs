using System.Text;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// An answer's body as text, read to its end but never past a size limit, counted after decompression (a small gzip
    /// answer can unpack to gigabytes). Past the limit, reading stops: <see cref="Text"/> is null and <see cref="Bytes"/>
    /// says how far it got.
    /// </summary>
    internal sealed class BoundedBody
    {
        private BoundedBody(string text, long bytes, bool announced = false)
        {
            Text = text;
            Bytes = bytes;
            Announced = announced;
        }

        /// <summary>No body at all (a HEAD), or one a call read itself.</summary>
        public static BoundedBody Empty { get; } = new BoundedBody(string.Empty, 0);

        public string Text { get; }
        public long Bytes { get; }

        /// <summary>The size came from Content-Length, before anything was read.</summary>
        public bool Announced { get; }

        public static async Task<BoundedBody> ReadAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
        {
            var content = response.Content;
            if (content == null) return new BoundedBody(string.Empty, 0);
            var declared = content.Headers.ContentLength;
            if (declared > maxBytes) return new BoundedBody(null, declared.Value, announced: true);
            // Streams that ignore the token (older frameworks) stop when the answer is disposed.
            using (cancellationToken.Register(response.Dispose))
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var buffer = new System.IO.MemoryStream(declared.HasValue ? (int)declared.Value : 0))
            {
                var chunk = new byte[16 * 1024];
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes) return new BoundedBody(null, total);
                    buffer.Write(chunk, 0, read);
                }
                cancellationToken.ThrowIfCancellationRequested();
                return new BoundedBody(Decode(buffer, content.Headers.ContentType?.CharSet), total);
            }
        }

        /// <summary>Text as HttpContent.ReadAsStringAsync makes it: a byte-order mark wins, then the charset, then UTF-8.</summary>
        private static string Decode(System.IO.MemoryStream buffer, string charset)
        {
            var bytes = buffer.GetBuffer();
            int length = (int)buffer.Length;
            Encoding encoding = Encoding.UTF8;
            if (!string.IsNullOrWhiteSpace(charset))
            {
                try { encoding = Encoding.GetEncoding(charset.Trim().Trim('"')); }
                catch (ArgumentException) { }
            }
            int skip = 0;
            if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) { encoding = Encoding.UTF8; skip = 3; }
            else if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) { encoding = Encoding.Unicode; skip = 2; }
            else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) { encoding = Encoding.BigEndianUnicode; skip = 2; }
            return encoding.GetString(bytes, skip, length - skip);
        }
    }
}
