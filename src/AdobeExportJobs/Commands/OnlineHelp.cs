namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Where each cmdlet's help lives on the web (Get-Help -Online, the cmdlets' HelpUri): its docs/en-US markdown in the
    /// project's repository, the source of the MAML help. The repository is the manifest's ProjectUri (a test keeps them in step).
    /// </summary>
    internal static class OnlineHelp
    {
        public const string Root = "https://github.com/AdobeExportJobs/AdobeExportJobs/blob/main/docs/en-US/";
    }
}
