using System.Globalization;
using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Lets a TimeSpan parameter take a number of seconds (30, 0.5, '30') as well as a TimeSpan or '00:05:00'.
    /// Without it PowerShell reads 30 as 30 ticks and '30' as 30 days.
    /// </summary>
    internal sealed class SecondsOrTimeSpanAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span:
                    return span;
                case int _:
                case long _:
                case short _:
                case byte _:
                case double _:
                case float _:
                case decimal _:
                    return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), value);
                case string text:
                    if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return FromSeconds(seconds, text);
                    if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var parsed)) return parsed;
                    throw new ArgumentTransformationMetadataException($"'{text}' is neither a number of seconds nor a time span such as 00:05:00.");
                default:
                    return inputData;
            }
        }

        private static TimeSpan FromSeconds(double seconds, object original)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds / 2)
                throw new ArgumentTransformationMetadataException($"'{original}' is not a usable number of seconds.");
            return TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        }
    }
}
