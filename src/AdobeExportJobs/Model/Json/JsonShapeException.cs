using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>Valid JSON of the wrong shape where the model expected an object (empty, an array, a bare value).</summary>
    internal sealed class JsonShapeException : JsonException
    {
        public JsonShapeException(string message) : base(message) { }
    }
}
