using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Commands;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>Messages users read carry no .NET decoration such as "(Parameter 'x')" or "Actual value was ...".</summary>
public class PlainMessagesTests
{
    [Fact]
    public void An_argument_exception_says_its_own_text_only()
    {
        var decorated = new ArgumentException("The platform endpoint 'ftp://x' must use https.", "platform endpoint");
        Assert.Contains("(Parameter 'platform endpoint')", decorated.Message);
        Assert.Equal("The platform endpoint 'ftp://x' must use https.", PlainMessages.Of(decorated));
    }

    [Fact]
    public void An_out_of_range_exception_loses_the_parameter_and_the_actual_value()
    {
        var decorated = new ArgumentOutOfRangeException("Timeout", TimeSpan.FromSeconds(-1), "-Timeout -00:00:01 is not valid: it must be zero or more.");
        Assert.Contains("Actual value was", decorated.Message);
        Assert.Equal("-Timeout -00:00:01 is not valid: it must be zero or more.", PlainMessages.Of(decorated));
    }

    [Fact]
    public void Other_messages_are_left_as_they_are()
    {
        Assert.Equal("No parameter named here.", PlainMessages.Of(new ArgumentException("No parameter named here.")));
        Assert.Equal("Disk full (Parameter 'not .NET's')", PlainMessages.Of(new IOException("Disk full (Parameter 'not .NET's')")));
        Assert.Equal("Said by PowerShell.", PlainMessages.Of(new PSArgumentException("Said by PowerShell.", "Name")));
    }

    [Fact]
    public void An_error_record_made_from_a_decorated_exception_says_the_plain_text_everywhere()
    {
        var record = ErrorRecords.Create(ErrorIds.InvalidArgument, new ArgumentException("The page size must be at least 1.", "pageSize"), 0);
        Assert.Equal("The page size must be at least 1.", record.Exception.Message);
        Assert.Equal("The page size must be at least 1.", record.ErrorDetails.Message);
        Assert.IsType<ArgumentException>(record.Exception.InnerException);
    }
}
