using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Connect-Aep: New-AepSession's session, checked against the service and made the default of every runspace of the
    /// process. A check that fails ends the command and leaves the previous default as it was.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Aep", DefaultParameterSetName = ClientSecretSet, HelpUri = OnlineHelp.Root + "Connect-Aep.md")]
    [OutputType(typeof(AepSession))]
    public sealed class ConnectAepCommand : NewAepSessionCommand
    {
        /// <summary>The tag Write-Host gives its records, so hosts show the summary as they show Write-Host's text.</summary>
        private const string HostTag = "PSHOST";

        /// <summary>Returns the session instead of the summary line.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Writes no summary line.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void EndProcessing()
        {
            var session = CreateSession();
            Check(session);
            var previous = SessionStore.MakeDefault(session);
            if (previous != null && !ReferenceEquals(previous, session))
            {
                WriteVerbose($"Replaced the default session ({previous}); it stays usable through -Session.");
            }
            if (PassThru) WriteObject(session);
            else if (!Quiet) WriteInformation(new HostInformationMessage { Message = Summary(session) }, new[] { HostTag });
        }

        /// <summary>
        /// Makes the session's first call (see ExportJobsClient.CheckCredentialsAsync). On failure the session is ended
        /// and the command stops with the error the same failure gives any cmdlet; the default session is not touched.
        /// </summary>
        private void Check(AepSession session)
        {
            bool checkedOk = false;
            try
            {
                var client = session.GetClient();
                RunAsync(async bridge =>
                {
                    await client.CheckCredentialsAsync(bridge.CancellationToken).ConfigureAwait(false);
                    return true;
                });
                checkedOk = true;
                WriteVerbose(session.CanRefreshToken
                    ? $"IMS issued a token to client '{session.ClientId}'."
                    : $"The platform accepted the access token (a listing of one job in sandbox '{session.Sandbox}').");
            }
            catch (Exception ex) when (ErrorRecords.IsReportable(ex))
            {
                ThrowTerminatingError(ErrorRecords.FromFailure(ex, session.CanRefreshToken ? session.ImsEndpoint : session.Endpoint));
            }
            finally
            {
                if (!checkedOk) session.Disconnect();
            }
        }

        /// <summary>One line for the user: where and how the session connects; never a secret or a token.</summary>
        private static string Summary(AepSession session) =>
            $"Connected to org {session.OrgId}, sandbox {session.Sandbox}, {session.Endpoint.AbsoluteUri.TrimEnd('/')}, as client {session.ClientId} "
            + $"({(session.AuthMethod == AepAuthMethod.ClientCredentials ? "OAuth server-to-server" : "access token, not refreshable")}; session {session.Number}).";
    }
}
