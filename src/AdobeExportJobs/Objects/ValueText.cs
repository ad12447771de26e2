using System.Globalization;

namespace AdobeExportJobs
{
    /// <summary>
    /// How the objects users hold write times and durations: fixed-width text that sorts in time order, reads back with
    /// [datetime] / [timespan], and passes through Export-Csv and ConvertTo-Json as it is (a DateTimeOffset would be
    /// written in the culture's format, a TimeSpan exploded into Ticks, Days...).
    /// </summary>
    internal static class ValueText
    {
        /// <summary>ISO 8601 in UTC with milliseconds: 2026-11-30T12:37:00.393Z; null when unknown.</summary>
        public static string Time(DateTimeOffset? time) =>
            time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>hh:mm:ss.fff, with a day count in front from one day on (1.02:03:04.005, as [timespan] reads it); null when unknown.</summary>
        public static string Duration(TimeSpan? duration)
        {
            if (!duration.HasValue) return null;
            var span = duration.Value;
            var sign = span < TimeSpan.Zero ? "-" : string.Empty;
            span = span.Duration();
            var format = span.Days > 0 ? @"d\.hh\:mm\:ss\.fff" : @"hh\:mm\:ss\.fff";
            return sign + span.ToString(format, CultureInfo.InvariantCulture);
        }
    }
}
