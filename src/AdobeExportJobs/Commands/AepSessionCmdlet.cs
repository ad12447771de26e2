using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Base of the cmdlets that call the API: <c>-Session</c> (or the default session of Connect-Aep), the session's
    /// client, the jobs they write remembered for completion, and failures as ErrorRecords; the async work and Ctrl+C
    /// come from <see cref="AsyncCmdlet"/>. Its helpers are for the module's own cmdlets only.
    /// </summary>
    public abstract class AepSessionCmdlet : AsyncCmdlet
    {
        /// <summary>The session whose client this command used: its jobs are remembered under it.</summary>
        private AepSession _clientSession;

        /// <summary>This command's stamp in the session's recent jobs (see <see cref="RecentExportJobs"/>).</summary>
        private readonly long _sighting = RecentExportJobs.NextSighting();

        /// <summary>The session to use; default: the one Connect-Aep made.</summary>
        [Parameter]
        [ValidateNotNull]
        public AepSession Session { get; set; }

        /// <summary>The session in effect; fails the command with an ErrorRecord when there is none or it was disconnected.</summary>
        private protected AepSession EffectiveSession
        {
            get
            {
                var session = Session ?? SessionStore.Default;
                if (session == null)
                {
                    ThrowTerminatingError(ErrorRecords.Create(ErrorIds.NoSession,
                        new PSInvalidOperationException("No AEP session: run Connect-Aep first, or pass -Session (from New-AepSession)."), null));
                }
                if (!session.IsConnected)
                {
                    ThrowTerminatingError(ErrorRecords.FromFailure(new AepSessionDisconnectedException(session), session));
                }
                return session;
            }
        }

        /// <summary>The client of <see cref="EffectiveSession"/>.</summary>
        private protected ExportJobsClient Client
        {
            get
            {
                var session = EffectiveSession;
                _clientSession = session;
                return session.GetClient();
            }
        }

        private protected static ErrorRecord ToErrorRecord(Exception exception, object target, string notFoundErrorId = null) =>
            ErrorRecords.FromFailure(exception, target, notFoundErrorId);

        /// <summary>
        /// The job users hold, remembered under the session that read it so -Id can complete it. Safe to call from the
        /// client's continuations: the session was fixed on the pipeline thread when the client was taken.
        /// </summary>
        private protected ExportJob ToOutput(ExportJobRecord job)
        {
            RecentExportJobs.Remember(_clientSession, job, _sighting);
            return new ExportJob(job);
        }
    }
}
