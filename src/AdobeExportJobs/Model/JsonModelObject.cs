using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Model
{
    /// <summary>Base of every model object: JSON fields this version of the module does not know are kept here.</summary>
    internal abstract class JsonModelObject
    {
        /// <summary>Fields the server sent that have no typed property; written back unchanged on serialization.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> ExtensionData
        {
            // Made on first use: most objects of a listing have no unknown fields, and an empty dictionary each adds up.
            get => _extensionData ?? (_extensionData = new Dictionary<string, JToken>());
            set => _extensionData = value;
        }

        private IDictionary<string, JToken> _extensionData;
    }
}
