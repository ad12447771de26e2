using System;
using System.Management.Automation;
using System.Security;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// The connection parameters Connect-Aep and New-AepSession share, and how they combine with the AEP_* environment
    /// variables: a parameter wins over its variable; a secret given by parameter or -Credential wins over any token.
    /// </summary>
    public abstract class AepSessionParametersCmdlet : AepCmdlet
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
        public int MaxRetries { get; set; } = ExportJobsClientOptions.DefaultMaxRetries;

        /// <summary>The longest one HTTP request may take, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; } = 60;

        /// <summary>The time one call may spend retrying (429, 5xx, dropped connections), in seconds.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int MaxRetryTimeSec { get; set; } = (int)ExportJobsClientOptions.DefaultMaxRetryTime.TotalSeconds;

        /// <summary>Makes the session from the parameters and the environment, or ends the command with a clear ErrorRecord.</summary>
        protected AepSession CreateSession()
        {
            var options = new AepSessionOptions
            {
                ClientId = Credential?.UserName ?? ClientId ?? FromEnvironment(ClientIdVariable),
                OrgId = OrgId ?? FromEnvironment(OrgIdVariable),
                Sandbox = Sandbox ?? FromEnvironment(SandboxVariable),
                Scopes = Scope ?? SplitScopes(FromEnvironment(ScopesVariable)),
                Endpoint = Endpoint ?? FromEnvironment(EndpointVariable),
                ImsEndpoint = ImsEndpoint ?? FromEnvironment(ImsEndpointVariable),
                MaxRetries = MaxRetries,
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
                MaxRetryTime = TimeSpan.FromSeconds(MaxRetryTimeSec),
            };
            ChooseCredential(options);

            Require(options.ClientId, "AepMissingClientId", "No client id: pass -ClientId (or -Credential) or set $env:" + ClientIdVariable + ".");
            Require(options.OrgId, "AepMissingOrgId", "No IMS org id: pass -OrgId (e.g. 1BD6382559DF0C130A49422D@AdobeOrg) or set $env:" + OrgIdVariable + ".");
            Require(options.Sandbox, "AepMissingSandbox", "No sandbox: pass -Sandbox (e.g. prod) or set $env:" + SandboxVariable + ".");
            CheckEndpoint(options.Endpoint, "platform endpoint", "-Endpoint / $env:" + EndpointVariable);
            CheckEndpoint(options.ImsEndpoint, "IMS endpoint", "-ImsEndpoint / $env:" + ImsEndpointVariable);

            try
            {
                var session = new AepSession(options);
                WriteVerbose($"Created {session}.");
                SessionHistory.Remember(session);
                return session;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "AepInvalidSession", ErrorCategory.InvalidArgument, null));
                return null;
            }
        }

        private void ChooseCredential(AepSessionOptions options)
        {
            switch (ParameterSetName)
            {
                case AccessTokenSet:
                    options.AccessToken = AccessToken;
                    return;
                case CredentialSet:
                    options.ClientSecret = Credential.Password;
                    return;
            }
            if (ClientSecret != null)
            {
                options.ClientSecret = ClientSecret;
                return;
            }
            var secret = FromEnvironment(ClientSecretVariable);
            if (secret != null)
            {
                options.ClientSecret = SecureStrings.Protect(secret);
                return;
            }
            var token = FromEnvironment(AccessTokenVariable);
            if (token != null)
            {
                options.AccessToken = SecureStrings.Protect(token);
                return;
            }
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("No credentials: pass -ClientSecret (a SecureString) with -ClientId, -Credential, or -AccessToken, or set $env:"
                    + ClientSecretVariable + " or $env:" + AccessTokenVariable + "."),
                "AepMissingCredential", ErrorCategory.AuthenticationError, null));
        }

        private void Require(string value, string errorId, string message)
        {
            if (!string.IsNullOrWhiteSpace(value)) return;
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException(message), errorId, ErrorCategory.InvalidArgument, null));
        }

        private void CheckEndpoint(string value, string what, string source)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            try
            {
                EndpointPolicy.Validate(value, what);
            }
            catch (ArgumentException ex)
            {
                bool insecure = value.Trim().StartsWith("http://", StringComparison.OrdinalIgnoreCase);
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException(ex.Message + " (from " + source + ")", ex),
                    insecure ? "AepInsecureEndpoint" : "AepInvalidEndpoint",
                    insecure ? ErrorCategory.SecurityError : ErrorCategory.InvalidArgument,
                    value));
            }
        }

        private static string FromEnvironment(string name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        private static string[] SplitScopes(string value) => value?.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
    }
}
