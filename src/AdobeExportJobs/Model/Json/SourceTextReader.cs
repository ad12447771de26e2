using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// A JSON reader over a string that can tell where in that string the current token is, so the model can keep the
    /// exact text of a part of a document (a page's record) without building a token tree and writing it out again.
    /// </summary>
    internal sealed class SourceTextReader : JsonTextReader
    {
        private readonly string _text;
        private List<int> _lineStarts;

        public SourceTextReader(string text)
            : base(new StringReader(text))
        {
            _text = text;
            DateParseHandling = DateParseHandling.None;
            FloatParseHandling = FloatParseHandling.Decimal;
            MaxDepth = 128;
        }

        /// <summary>Reads the next token that is not a comment; false at the end of the text.</summary>
        public bool ReadSkippingComments()
        {
            while (Read())
            {
                if (TokenType != JsonToken.Comment) return true;
            }
            return false;
        }

        /// <summary>Offset in the text just after the current token (the reader's line and column, made absolute).</summary>
        public int OffsetAfterToken => LineStart(LineNumber) + LinePosition;

        /// <summary>
        /// The text of the object or array that started at <paramref name="start"/> (the offset of its opening bracket)
        /// and that the reader has just finished; null when the positions do not frame one.
        /// </summary>
        public string TextFrom(int start)
        {
            int end = OffsetAfterToken;
            if (start < 0 || end > _text.Length || end - start < 2) return null;
            char open = _text[start], close = _text[end - 1];
            if (!((open == '{' && close == '}') || (open == '[' && close == ']'))) return null;
            return _text.Substring(start, end - start);
        }

        /// <summary>
        /// Where line <paramref name="lineNumber"/> (1-based) starts. The reader counts "\r\n", a lone "\r" and a lone "\n"
        /// each as one line break, wherever they are; so does this.
        /// </summary>
        private int LineStart(int lineNumber)
        {
            if (lineNumber <= 1) return 0;
            if (_lineStarts == null) _lineStarts = FindLineStarts(_text);
            int index = lineNumber - 2;
            return index < _lineStarts.Count ? _lineStarts[index] : _text.Length;
        }

        private static List<int> FindLineStarts(string text)
        {
            var starts = new List<int>();
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\r')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    starts.Add(i + 1);
                }
                else if (c == '\n')
                {
                    starts.Add(i + 1);
                }
            }
            return starts;
        }
    }
}
