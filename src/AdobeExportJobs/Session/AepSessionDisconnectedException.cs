namespace AdobeExportJobs
{
    /// <summary>A call through a session after Disconnect-Aep.</summary>
    internal sealed class AepSessionDisconnectedException : InvalidOperationException
    {
        public AepSessionDisconnectedException(AepSession session)
            : base($"{session} was disconnected; run Connect-Aep (or New-AepSession) to make a new session.")
        {
            Session = session;
        }

        public AepSession Session { get; }
    }
}
