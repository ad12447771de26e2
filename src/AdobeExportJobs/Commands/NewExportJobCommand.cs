using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Model;
using AdobeExportJobs.Requests;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommon.New, "ExportJob", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = OnlineHelp.Root + "New-ExportJob.md")]
    [OutputType(typeof(ExportJob))]
    public sealed class NewExportJobCommand : AepSessionCmdlet
    {
        private const string ParametersSet = "Parameters";
        private const string BodySet = "Body";

        /// <summary>The dataset the profiles are exported into (destination.datasetId); a piped job binds by its Dataset.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = BodySet, ValueFromPipelineByPropertyName = true)]
        [Alias("Dataset")]
        [ValidateNotWhiteSpace]
        public string DatasetId { get; set; }

        /// <summary>The schema of the target dataset (schema.name); default _xdm.context.profile.</summary>
        [Parameter]
        [ValidateNotWhiteSpace]
        public string SchemaName { get; set; } = ExportJobRequestBuilder.DefaultSchemaName;

        /// <summary>Profile fields to export (joined with commas into "fields"); default: all fields.</summary>
        [Parameter]
        [Alias("Fields")]
        [ValidateNotNull]
        public string[] Field { get; set; }

        /// <summary>The merge policy to apply (mergePolicy.id); default: the segment's own.</summary>
        [Parameter]
        [ValidateNotWhiteSpace]
        public string MergePolicyId { get; set; }

        /// <summary>The version of the merge policy (mergePolicy.version).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MergePolicyVersion { get; set; }

        /// <summary>Export only the members of these segments (filter.segments[].segmentId).</summary>
        [Parameter]
        [ValidateNotNull]
        public string[] SegmentId { get; set; }

        /// <summary>The namespace of the segments (segmentNs: ups, AAM, AdCloud...), for -SegmentId and -Segment entries that name none.</summary>
        [Parameter]
        [ValidateNotWhiteSpace]
        public string SegmentNamespace { get; set; }

        /// <summary>Which members: realized, existing, exited (status); default the service's (members now).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SegmentStatusCompleter))]
        [ValidateNotNull]
        public string[] SegmentStatus { get; set; }

        /// <summary>Segments with their own namespace and status: ids, or hashtables @{ SegmentId; SegmentNamespace; Status }.</summary>
        [Parameter]
        [PlainValue(AsArray = true)]
        [ValidateNotNull]
        public object[] Segment { get; set; }

        /// <summary>Only profiles that qualified for the segments at or after this time (segmentQualificationTime.startTime).</summary>
        [Parameter]
        public DateTimeOffset QualifiedAfter { get; set; }

        /// <summary>Only profiles that qualified for the segments before this time (segmentQualificationTime.endTime).</summary>
        [Parameter]
        public DateTimeOffset QualifiedBefore { get; set; }

        /// <summary>Only profiles updated after this time (filter.fromIngestTimestamp).</summary>
        [Parameter]
        public DateTimeOffset IngestedAfter { get; set; }

        /// <summary>Also export profiles that have only ExperienceEvent records (filter.emptyProfiles).</summary>
        [Parameter]
        public SwitchParameter IncludeEmptyProfiles { get; set; }

        /// <summary>ExperienceEvent fields to export with each profile (additionalFields.eventList.fields).</summary>
        [Parameter]
        [Alias("EventFields")]
        [ValidateNotNull]
        public string[] EventField { get; set; }

        /// <summary>Only events ingested after this time (additionalFields.eventList.filter.fromIngestTimestamp).</summary>
        [Parameter]
        public DateTimeOffset EventIngestedAfter { get; set; }

        /// <summary>Only events ingested before this time (additionalFields.eventList.filter.toIngestTimestamp).</summary>
        [Parameter]
        public DateTimeOffset EventIngestedBefore { get; set; }

        /// <summary>One batch per segment instead of one batch for all (destination.segmentPerBatch).</summary>
        [Parameter]
        public SwitchParameter SegmentPerBatch { get; set; }

        /// <summary>The raw create body (a hashtable, a custom object or JSON text); the other parameters override its fields.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BodySet)]
        [PlainValue]
        [ValidateNotNull]
        public object Body { get; set; }

        protected override void ProcessRecord()
        {
            string json, readable;
            try
            {
                var body = BuildRequest();
                json = body.ToString(Formatting.None);
                // What -WhatIf and -Confirm show: the same body, one field a line.
                readable = body.ToString(Formatting.Indented);
            }
            catch (ExportJobRequestException ex)
            {
                WriteError(ErrorRecords.FromFailure(ex, null));
                return;
            }

            // -WhatIf shows the body even before Connect-Aep; the create itself needs a session.
            var known = Session ?? RunspaceSessions.Default;
            var target = known == null ? "the default session" : $"sandbox '{known.Sandbox}'";
            if (!ShouldProcess(
                    $"Creating an export job in {target} with this body:{Environment.NewLine}{readable}",
                    $"Create an export job in {target} with this body?{Environment.NewLine}{readable}",
                    "Create export job"))
            {
                return;
            }

            var client = Client;
            // Made here rather than by the client, so a stop can name it.
            var requestId = ExportJobsClient.NewRequestId();
            ExportJobRecord job;
            try
            {
                job = RunAsync(bridge => client.CreateAsync(json, requestId, bridge.CancellationToken));
            }
            catch (PipelineStoppedException)
            {
                WarnStoppedCreate(requestId);
                throw;
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                WriteError(ToErrorRecord(ex, (object)DatasetId ?? json));
                return;
            }
            WriteObject(ToOutput(job));
        }

        /// <summary>
        /// Ctrl+C while the create was on its way: the platform may have made the job anyway, and only its request id finds
        /// it. A stopping command may no longer write to its streams, so this goes through the host, which still shows
        /// it (and hands it to the warning stream of a hosting PowerShell).
        /// </summary>
        private void WarnStoppedCreate(string requestId)
        {
            if (!WarningsWanted()) return;
            var text = $"New-ExportJob was stopped while the create request was on its way: the export job may exist anyway. "
                + $"Its request id is {requestId}; before creating it again, look for it with: "
                + $"Get-ExportJob -First {LostCreates.ScanSize} | Where-Object RequestId -eq '{requestId}'";
            try { Host?.UI?.WriteWarningLine(text); }
            catch (Exception ex) when (ex is System.Management.Automation.Host.HostException || ex is NotImplementedException)
            {
                // A host without a user interface has nowhere to show it.
            }
        }

        private bool WarningsWanted()
        {
            object preference = MyInvocation.BoundParameters.TryGetValue("WarningAction", out var given) ? given : GetVariableValue("WarningPreference");
            if (preference is PSObject wrapped) preference = wrapped.BaseObject;
            if (preference is ActionPreference typed) return typed != ActionPreference.SilentlyContinue && typed != ActionPreference.Ignore;
            return !(preference is string text
                && (text.Equals(nameof(ActionPreference.SilentlyContinue), StringComparison.OrdinalIgnoreCase) || text.Equals(nameof(ActionPreference.Ignore), StringComparison.OrdinalIgnoreCase)));
        }

        private JObject BuildRequest()
        {
            var given = MyInvocation.BoundParameters;
            var builder = new ExportJobRequestBuilder
            {
                BaseBody = Body,
                DatasetId = DatasetId,
                // The default schema fills a raw body only where it names none.
                SchemaName = given.ContainsKey(nameof(SchemaName)) || Body == null ? SchemaName : null,
                Field = Field,
                MergePolicyId = MergePolicyId,
                MergePolicyVersion = given.ContainsKey(nameof(MergePolicyVersion)) ? MergePolicyVersion : (int?)null,
                SegmentId = SegmentId,
                SegmentNamespace = SegmentNamespace,
                SegmentStatus = SegmentStatus,
                Segment = Segment,
                QualifiedAfter = Given(nameof(QualifiedAfter), QualifiedAfter),
                QualifiedBefore = Given(nameof(QualifiedBefore), QualifiedBefore),
                IngestedAfter = Given(nameof(IngestedAfter), IngestedAfter),
                IncludeEmptyProfiles = given.ContainsKey(nameof(IncludeEmptyProfiles)) ? IncludeEmptyProfiles.IsPresent : (bool?)null,
                EventField = EventField,
                EventIngestedAfter = Given(nameof(EventIngestedAfter), EventIngestedAfter),
                EventIngestedBefore = Given(nameof(EventIngestedBefore), EventIngestedBefore),
                SegmentPerBatch = given.ContainsKey(nameof(SegmentPerBatch)) ? SegmentPerBatch.IsPresent : (bool?)null,
            };
            return builder.Build();
        }

        private DateTimeOffset? Given(string name, DateTimeOffset value) =>
            MyInvocation.BoundParameters.ContainsKey(name) ? value : (DateTimeOffset?)null;
    }
}
