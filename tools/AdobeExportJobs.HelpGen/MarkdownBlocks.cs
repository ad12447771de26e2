using System.Text.RegularExpressions;

namespace AdobeExportJobs.HelpGen;

internal abstract record Block(int Line);

internal sealed record Heading(int Line, int Level, string Text) : Block(Line);

/// <summary>A fenced block; <see cref="Info"/> is everything after the opening fence, e.g. "powershell emulator".</summary>
internal sealed record CodeBlock(int Line, string Info, string Text) : Block(Line);

/// <summary>Consecutive non-blank lines. Plain prose is joined into one line (the console wraps it);
/// lists and indented lines keep their line breaks.</summary>
internal sealed record Paragraph(int Line, IReadOnlyList<string> Lines) : Block(Line)
{
    public string Text => PlainText(Lines.Any(IsStructured)
        ? string.Join("\n", Lines.Select(l => l.TrimEnd()))
        : string.Join(" ", Lines.Select(l => l.Trim())));

    private static bool IsStructured(string line) =>
        Regex.IsMatch(line, @"^(\s{2,}|\s*([-*+]|\d+\.)\s|\s*\|)");

    /// <summary>A run of backticks, the code, the same run again (CommonMark's code span).</summary>
    private static readonly Regex CodeSpan = new(@"(?<!`)(?<fence>`+)(?!`)(?<code>.+?)(?<!`)\k<fence>(?!`)", RegexOptions.Singleline);

    /// <summary>
    /// Prose as the console shows it: an inline `code` span becomes its code, since Get-Help prints text as it is and
    /// the backticks would show literally (and read as PowerShell's escape character). Code blocks are not prose and
    /// keep theirs.
    /// </summary>
    public static string PlainText(string markdown) => CodeSpan.Replace(markdown, m =>
    {
        var code = m.Groups["code"].Value;
        // CommonMark: one space on both sides is padding, so a span can start or end with a backtick.
        return code.Length > 2 && code[0] == ' ' && code[code.Length - 1] == ' ' ? code.Substring(1, code.Length - 2) : code;
    });
}

/// <summary>Just enough CommonMark for the platyPS schema: ATX headings, fenced code, paragraphs.</summary>
internal static class MarkdownBlocks
{
    public static List<Block> Parse(string[] lines, int start, string fileName)
    {
        var blocks = new List<Block>();
        var paragraph = new List<string>();
        var paragraphLine = 0;

        void EndParagraph()
        {
            if (paragraph.Count > 0) blocks.Add(new Paragraph(paragraphLine, paragraph.ToList()));
            paragraph.Clear();
        }

        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var fence = Regex.Match(line, @"^(?<fence>`{3,}|~{3,})\s*(?<info>.*)$");
            if (fence.Success)
            {
                EndParagraph();
                var opened = i;
                var marker = fence.Groups["fence"].Value;
                var code = new List<string>();
                for (i++; i < lines.Length && !(lines[i].TrimEnd().StartsWith(marker, StringComparison.Ordinal) && lines[i].Trim().Trim(marker[0]).Length == 0); i++)
                    code.Add(lines[i]);
                if (i == lines.Length) throw new HelpFormatException(fileName, opened + 1, "code fence is not closed");
                blocks.Add(new CodeBlock(opened + 1, fence.Groups["info"].Value.Trim(), string.Join("\n", code)));
                continue;
            }
            var heading = Regex.Match(line, @"^(?<hashes>#{1,6})\s+(?<text>.*?)(?:\s+#+)?\s*$");
            if (heading.Success)
            {
                EndParagraph();
                blocks.Add(new Heading(i + 1, heading.Groups["hashes"].Length, heading.Groups["text"].Value));
                continue;
            }
            if (line.Trim().Length == 0)
            {
                EndParagraph();
                continue;
            }
            if (paragraph.Count == 0) paragraphLine = i + 1;
            paragraph.Add(line);
        }
        EndParagraph();
        return blocks;
    }
}
