using System.Management.Automation;
using System.Security;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// New-AepSession: a session made from the connection parameters and the AEP_* environment variables, where a
    /// parameter wins over its variable and a secret given by parameter or -Credential wins over any token.
    /// Connect-Aep derives from it: the same session, made the default.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AepSession", DefaultParameterSetName = ClientSecretSet, HelpUri = OnlineHelp.Root + "New-AepSession.md")]
    [OutputType(typeof(AepSession))]
    public class NewAepSessionCommand : AsyncCmdlet
    {
        protected const string ClientSecretSet = "ClientSecret";
        protected const string CredentialSet = "Credential";
        protected const string AccessTokenSet = "AccessToken";

        public const string ClientIdVariable = "AEP_CLIENT_ID";
        public const string ClientSecretVariable = "AEP_CLIENT_SECRET";
        public const string OrgIdVariable = "AEP_ORG_ID";
        public const string SandboxVariable = "AEP_SANDBOX";
        public const string ScopesVariable = "AEP_SCOPES";
        public const string AccessTokenVariable = "AEP_ACCESS_TOKEN";
        public const string EndpointVariable = "AEP_ENDPOINT";
        public const string ImsEndpointVariable = "AEP_IMS_ENDPOINT";

        /// <summary>The OAuth client id (API key). Default: $env:AEP_CLIENT_ID.</summary>
        [Parameter(ParameterSetName = ClientSecretSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
        [ValidateNotWhiteSpace]
        public string ClientId { get; set; }

        /// <summary>The OAuth client secret. Default: $env:AEP_CLIENT_SECRET.</summary>
        [Parameter(ParameterSetName = ClientSecretSet)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; }

        /// <summary>Client id as user name, client secret as password (what runbook credential stores hold).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        /// <summary>A ready access token; the session cannot refresh it. Default: $env:AEP_ACCESS_TOKEN when no secret is available.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString AccessToken { get; set; }

        /// <summary>The IMS org id (x-gw-ims-org-id). Default: $env:AEP_ORG_ID.</summary>
        [Parameter]
        [ValidateNotWhiteSpace]
        public string OrgId { get; set; }

        /// <summary>The sandbox (x-sandbox-name), e.g. prod. Default: $env:AEP_SANDBOX.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SandboxCompleter))]
        [ValidateNotWhiteSpace]
        public string Sandbox { get; set; }

        /// <summary>OAuth scopes. Default: $env:AEP_SCOPES (comma-separated), else Experience Platform's usual scopes.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Scope { get; set; }

        /// <summary>Platform root. Default: $env:AEP_ENDPOINT, else https://platform.adobe.io.</summary>
        [Parameter]
        [ValidateNotWhiteSpace]
        public string Endpoint { get; set; }

        /// <summary>IMS root. Default: $env:AEP_IMS_ENDPOINT, else https://ims-na1.adobelogin.com.</summary>
        [Parameter]
        [ValidateNotWhiteSpace]
        public string ImsEndpoint { get; set; }

        /// <summary>A safety cap on the retries of one call; the time budget (-MaxRetryTimeSec) normally ends them first.</summary>
        [Parameter]
        [ValidateRange(0, 100000)]
        public int MaxRetries { get; set; } = AepSessionOptions.DefaultMaxRetries;

        /// <summary>The longest one HTTP request may take, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; } = (int)AepSessionOptions.DefaultRequestTimeout.TotalSeconds;

        /// <summary>The time one call may spend retrying (429, 5xx, dropped connections), in seconds.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int MaxRetryTimeSec { get; set; } = (int)AepSessionOptions.DefaultMaxRetryTime.TotalSeconds;

        protected override void EndProcessing()
        {
            var session = CreateSession();
            SessionStore.Remember(session);
            WriteObject(session);
        }

        /// <summary>
        /// Makes the session from the parameters and the environment, without a network call, or ends the command with a
        /// clear ErrorRecord. The caller decides whether it is kept (<see cref="SessionStore"/>).
        /// </summary>
        protected AepSession CreateSession()
        {
            var (secret, token) = ChooseCredential();
            var options = new AepSessionOptions
            {
                ClientId = Credential?.UserName ?? ClientId ?? FromEnvironment(ClientIdVariable),
                OrgId = OrgId ?? FromEnvironment(OrgIdVariable),
                Sandbox = Sandbox ?? FromEnvironment(SandboxVariable),
                Scopes = Scope ?? new[] { FromEnvironment(ScopesVariable) },
                MaxRetries = MaxRetries,
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
                MaxRetryTime = TimeSpan.FromSeconds(MaxRetryTimeSec),
            };
            options.Endpoint = ParseEndpoint(Endpoint ?? FromEnvironment(EndpointVariable), "platform endpoint", "-Endpoint / $env:" + EndpointVariable) ?? options.Endpoint;
            options.ImsEndpoint = ParseEndpoint(ImsEndpoint ?? FromEnvironment(ImsEndpointVariable), "IMS endpoint", "-ImsEndpoint / $env:" + ImsEndpointVariable) ?? options.ImsEndpoint;

            try
            {
                var session = new AepSession(options, secret, token);
                WriteVerbose($"Created {session}.");
                return session;
            }
            catch (MissingSettingException ex)
            {
                var (errorId, message) = Missing(ex.ParamName);
                ThrowTerminatingError(ErrorRecords.Create(errorId, new PSArgumentException(message, ex), null));
                return null;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidSession, ex, null));
                return null;
            }
        }

        /// <summary>What to say when a required setting is neither a parameter nor a variable.</summary>
        private static (string ErrorId, string Message) Missing(string setting)
        {
            switch (setting)
            {
                case nameof(AepSessionOptions.ClientId):
                    return (ErrorIds.MissingClientId, "No client id: pass -ClientId (or -Credential) or set $env:" + ClientIdVariable + ".");
                case nameof(AepSessionOptions.OrgId):
                    return (ErrorIds.MissingOrgId, "No IMS org id: pass -OrgId (e.g. 1BD6382559DF0C130A49422D@AdobeOrg) or set $env:" + OrgIdVariable + ".");
                default:
                    return (ErrorIds.MissingSandbox, "No sandbox: pass -Sandbox (e.g. prod) or set $env:" + SandboxVariable + ".");
            }
        }

        /// <summary>The secret or the token, in the order of precedence the class summary gives.</summary>
        private (SecureString Secret, SecureString Token) ChooseCredential()
        {
            switch (ParameterSetName)
            {
                case AccessTokenSet:
                    return (null, AccessToken);
                case CredentialSet:
                    return (Credential.Password, null);
            }
            if (ClientSecret != null) return (ClientSecret, null);
            var secret = FromEnvironment(ClientSecretVariable);
            if (secret != null) return (SecureStrings.Protect(secret), null);
            var token = FromEnvironment(AccessTokenVariable);
            if (token != null) return (null, SecureStrings.Protect(token));
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.MissingCredential,
                new PSArgumentException("No credentials: pass -ClientSecret (a SecureString) with -ClientId, -Credential, or -AccessToken, or set $env:"
                    + ClientSecretVariable + " or $env:" + AccessTokenVariable + "."), null));
            return (null, null);
        }

        /// <summary>The endpoint as a URL, or null when none is given; an unusable one ends the command, naming where it came from.</summary>
        private Uri ParseEndpoint(string value, string what, string source)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            try
            {
                return EndpointPolicy.Validate(value, what);
            }
            catch (ArgumentException ex)
            {
                bool insecure = value.Trim().StartsWith("http://", StringComparison.OrdinalIgnoreCase);
                ThrowTerminatingError(ErrorRecords.Create(insecure ? ErrorIds.InsecureEndpoint : ErrorIds.InvalidEndpoint,
                    new PSArgumentException(ErrorRecords.MessageOf(ex) + " (from " + source + ")", ex), value));
                return null;
            }
        }

        private static string FromEnvironment(string name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }
}
