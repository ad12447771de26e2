#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The help users get from Get-Help in real PowerShell: the MAML and the about topic the built module ships in
# out/AdobeExportJobs/en-US, checked against the cmdlets the module really exports and against docs/en-US, their
# source. (That the committed MAML is what docs/en-US generates is the help generator's xunit test.)

BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $Cmdlets = @((Get-Module AdobeExportJobs).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    Import-HelpGenerator
    $script:Module = Get-Module AdobeExportJobs
    $script:Exported = @($Module.ExportedCmdlets.Values)
    $script:Docs = @{}
    foreach ($doc in Get-MarkdownHelp) { $Docs[$doc.Name] = $doc }
    $script:WidgetMarkdownPath = Get-RepoPath 'tests/AdobeExportJobs.Tests/Help/Fixtures/Get-Widget.md'

    $script:CommonParameters = [Management.Automation.Cmdlet]::CommonParameters
    $script:OptionalCommonParameters = [Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-OwnParameter {
        # The parameters a user writes help for: the cmdlet's own, not -Verbose, -WhatIf and the like.
        param($Command)
        $Command.Parameters.Values | Where-Object { $_.Name -notin $CommonParameters -and $_.Name -notin $OptionalCommonParameters }
    }

    function Get-HelpItem {
        # Get-Help's XML-born objects hold one child as a scalar and several as an array.
        param($Value)
        if ($null -ne $Value) { @($Value) } else { @() }
    }

    function Get-DescriptionText {
        param($Value)
        ((Get-HelpItem $Value.description) | ForEach-Object { if ($_.PSObject.Properties['Text']) { $_.Text } else { "$_" } }) -join "`n" | ForEach-Object Trim
    }

    function Get-ExampleCodeOnly {
        # What a user types of an example Get-Help shows: its code, without the sample output that follows it (the
        # markdown's ```output fences, in order, each after a blank line).
        param([string] $Shown, $Source)
        $text = $Shown.Replace("`r`n", "`n").TrimEnd()
        foreach ($output in @($Source.Outputs)[($Source.Outputs.Count - 1)..0] | Where-Object { $_ }) {
            $suffix = "`n`n" + $output.Replace("`r`n", "`n").TrimEnd()
            if (-not $text.EndsWith($suffix)) { throw "Get-Help's '$($Source.Title)' does not end with its sample output" }
            $text = $text.Substring(0, $text.Length - $suffix.Length).TrimEnd()
        }
        $text
    }

    function Get-ExampleParseError {
        param([string] $Code)
        $errors = $null
        $null = [Management.Automation.Language.Parser]::ParseInput((Remove-ExamplePrompt $Code), [ref]$null, [ref]$errors)
        @($errors)
    }

    function Get-UnknownExampleParameter {
        # "-Name" uses in the example that no parameter of the named cmdlet answers to, by name, alias or unambiguous
        # prefix, as the binder would resolve them.
        param([string] $Code, $Commands)
        $errors = $null
        $ast = [Management.Automation.Language.Parser]::ParseInput((Remove-ExamplePrompt $Code), [ref]$null, [ref]$errors)
        foreach ($command in $ast.FindAll({ param($a) $a -is [Management.Automation.Language.CommandAst] }, $true)) {
            $cmdlet = $Commands | Where-Object Name -EQ $command.GetCommandName() | Select-Object -First 1
            if (-not $cmdlet) { continue }
            $names = @($cmdlet.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
            foreach ($parameter in $command.CommandElements | Where-Object { $_ -is [Management.Automation.Language.CommandParameterAst] }) {
                $given = $parameter.ParameterName
                $exact = $names -contains $given
                $byPrefix = @($cmdlet.Parameters.Values | Where-Object { @($_.Name; $_.Aliases) | Where-Object { $_.StartsWith($given, [StringComparison]::OrdinalIgnoreCase) } }).Count
                if (-not $exact -and $byPrefix -ne 1) { "$($cmdlet.Name) -$given" }
            }
        }
    }

    function Compare-HelpFacts {
        # What platyPS takes from the code (type, sets, required, position, pipeline, aliases, ValidateSet, syntax,
        # outputs) as the markdown states it, against what the engine knows of the command. One line per problem.
        param($Command, $Doc)
        $name = $Command.Name
        $required = @(Get-OwnParameter $Command)
        # platyPS documents -WhatIf and -Confirm like the cmdlet's own parameters; they are welcome but not required.
        $own = @{}
        foreach ($p in $required + @($Command.Parameters.Values | Where-Object Name -In $OptionalCommonParameters)) { $own[$p.Name] = $p }
        $documentedNames = @($Doc.Parameters | ForEach-Object Name)

        foreach ($p in $required | Where-Object { $documentedNames -notcontains $_.Name }) { "${name}: the markdown has no '### -$($p.Name)'" }
        foreach ($documented in $Doc.Parameters) {
            $actual = $own[$documented.Name]
            if (-not $actual) { "${name}: the markdown documents -$($documented.Name), which the cmdlet does not have"; continue }
            Compare-ParameterFacts -Command $Command -Actual $actual -Documented $documented | ForEach-Object { "$name -$($documented.Name): $_" }
        }

        $sets = @($Command.ParameterSets)
        $setNames = @($sets | ForEach-Object Name)
        $syntaxSets = @($Doc.Syntax | ForEach-Object SetName)
        $sameSets = if ($sets.Count -eq 1) { $syntaxSets.Count -eq 1 } else { (($setNames | Sort-Object) -join '|') -ceq (($syntaxSets | Sort-Object) -join '|') }
        $defaultSet = ($sets | Where-Object IsDefault | Select-Object -First 1).Name
        if (-not $sameSets) { "${name}: SYNTAX shows sets [$($syntaxSets -join ', ')], the cmdlet has [$($setNames -join ', ')]" }
        elseif ($sets.Count -gt 1 -and ($Doc.Syntax | Where-Object IsDefault | Select-Object -First 1).SetName -ne $defaultSet) {
            "${name}: SYNTAX marks the wrong set (Default); the cmdlet's default is $defaultSet"
        }
        $expected = { param($n) ($required | Where-Object Name -EQ $n) -or ($own.ContainsKey($n) -and $documentedNames -contains $n) }
        foreach ($syntax in $Doc.Syntax) {
            $set = if ($sets.Count -eq 1) { $sets[0] } else { $sets | Where-Object Name -EQ $syntax.SetName | Select-Object -First 1 }
            if (-not $set) { continue }
            $inSet = @($set.Parameters.Name | Where-Object { & $expected $_ } | Sort-Object)
            $shown = @($syntax.ParameterNames | Where-Object { & $expected $_ } | Sort-Object)
            if (($inSet -join '|') -ne ($shown -join '|')) {
                "${name}: syntax of set $($syntax.SetName) shows [$($shown -join ', ')], the set has [$($inSet -join ', ')]"
            }
        }

        $outputs = @($Command.OutputType | ForEach-Object Name)
        $documentedOutputs = @($Doc.Outputs | ForEach-Object TypeName)
        # [OutputType(typeof(void))] is what platyPS and Get-Help call "None".
        $sameOutput = { param($documented, $declared) $documented -eq $declared -or ($documented -eq 'None' -and $declared -eq 'System.Void') }
        if ($outputs.Count -eq 0) { "${name}: the cmdlet declares no [OutputType]" }
        foreach ($o in $outputs | Where-Object { $d = $_; -not ($documentedOutputs | Where-Object { & $sameOutput $_ $d }) }) {
            "${name}: OUTPUTS does not name $o, which [OutputType] declares"
        }
        foreach ($d in $documentedOutputs | Where-Object { $documentedOutput = $_; -not ($outputs | Where-Object { & $sameOutput $documentedOutput $_ }) }) {
            "${name}: OUTPUTS names $d, which [OutputType] does not declare"
        }
    }

    function Compare-ParameterFacts {
        param($Command, $Actual, $Documented)
        if ($Documented.Description.Count -eq 0) { 'no description' }

        # platyPS writes a type's short name (String, Int32[], SwitchParameter); a full name is fine too.
        $underlying = [Nullable]::GetUnderlyingType($Actual.ParameterType)
        $typeNames = if ($underlying) { $underlying.Name, $underlying.FullName, "Nullable``1[$($underlying.Name)]" } else { $Actual.ParameterType.Name, $Actual.ParameterType.FullName }
        foreach ($facts in $Documented.Facts | Where-Object { $typeNames -notcontains $_.Type }) { "Type is $($facts.Type), the code says $($typeNames[0])" }

        $aliases = @($Actual.Aliases | Sort-Object)
        foreach ($facts in $Documented.Facts | Where-Object { (@($_.Aliases | Sort-Object) -join '|') -ne ($aliases -join '|') }) {
            "Aliases are [$($facts.Aliases -join ', ')], the code has [$($aliases -join ', ')]"
        }

        $validateSet = @($Actual.Attributes | Where-Object { $_ -is [Management.Automation.ValidateSetAttribute] } | ForEach-Object ValidValues)
        foreach ($facts in $Documented.Facts | Where-Object { (@($_.AcceptedValues | Sort-Object) -join '|') -ne (@($validateSet | Sort-Object) -join '|') }) {
            "Accepted values are [$($facts.AcceptedValues -join ', ')], the code's ValidateSet is [$($validateSet -join ', ')]" +
            $(if ($validateSet.Count -eq 0) { ' (values that only tab-complete belong in the description)' })
        }

        # Which sets each yaml block speaks for, as the code has them.
        $realSets = @($Command.ParameterSets | ForEach-Object Name)
        $codeSets = if ($Actual.ParameterSets.ContainsKey('__AllParameterSets')) { $realSets } else { @($Actual.ParameterSets.Keys) }
        $documentedSets = [Collections.Generic.List[string]]::new()
        foreach ($facts in $Documented.Facts) {
            $all = $facts.ParameterSets -contains '(All)'
            $covered = if ($all) { $realSets } else { @($facts.ParameterSets) }
            if ($all -and $codeSets.Count -ne $realSets.Count) { "Parameter Sets is (All), the parameter is only in [$($codeSets -join ', ')]" }
            foreach ($set in $covered) {
                $documentedSets.Add($set)
                $meta = if ($Actual.ParameterSets.ContainsKey($set)) { $Actual.ParameterSets[$set] }
                        elseif ($Actual.ParameterSets.ContainsKey('__AllParameterSets')) { $Actual.ParameterSets['__AllParameterSets'] }
                if (-not $meta) { "is not in parameter set $set"; continue }
                if ($meta.IsMandatory -ne $facts.Required) { "Required: $($facts.Required) in set $set, the code says $($meta.IsMandatory)" }
                $position = if ($meta.Position -eq [int]::MinValue) { 'Named' } else { "$($meta.Position)" }
                if ($position -ne $facts.Position) { "Position: $($facts.Position) in set $set, the code says $position" }
                $pipeline = switch ("$($meta.ValueFromPipelineByPropertyName),$($meta.ValueFromPipeline)") {
                    'True,True' { 'True (ByPropertyName, ByValue)' }
                    'True,False' { 'True (ByPropertyName)' }
                    'False,True' { 'True (ByValue)' }
                    default { 'False' }
                }
                if ($pipeline -cne $facts.PipelineInput.Replace('ByValue, ByPropertyName', 'ByPropertyName, ByValue')) {
                    "Accept pipeline input: $($facts.PipelineInput) in set $set, the code says $pipeline"
                }
            }
        }
        foreach ($missing in $codeSets | Where-Object { $documentedSets -notcontains $_ }) { "no yaml block covers parameter set $missing" }
    }

    function Get-AboutSection {
        # Headings are the unindented upper-case lines.
        param([string] $Text)
        $sections = @{}
        $current = $null
        foreach ($line in $Text.Replace("`r`n", "`n").Split("`n")) {
            if ($line.Length -gt 0 -and -not [char]::IsWhiteSpace($line[0]) -and $line -ceq $line.ToUpperInvariant()) { $current = $line.Trim(); $sections[$current] = '' }
            elseif ($current) { $sections[$current] += $line + "`n" }
        }
        $sections
    }
}

Describe 'Get-Help for the exported cmdlets' {
    It 'every exported cmdlet has a markdown source and every markdown file an exported cmdlet' {
        $names = @($Exported.Name)
        # The fixed names of DESIGN.md: without them every check below would pass on an empty module.
        foreach ($fixed in 'Connect-Aep', 'New-AepSession', 'Get-AepSession', 'Disconnect-Aep', 'Get-ExportJob') { $names | Should -Contain $fixed }
        @($names | Where-Object { -not $Docs.ContainsKey($_) } | ForEach-Object { "no docs/en-US/$_.md" }) | Should -BeNullOrEmpty
        @($Docs.Keys | Where-Object { $names -notcontains $_ } | ForEach-Object { "docs/en-US/$_.md documents a cmdlet the module does not export" }) | Should -BeNullOrEmpty
    }

    It 'reads the help of the module folder it imported, which holds the committed MAML and about topic' {
        foreach ($file in 'AdobeExportJobs.dll-Help.xml', 'about_AdobeExportJobs.help.txt') {
            $built = Join-Path $Module.ModuleBase "en-US/$file"
            $built | Should -Exist -Because 'the build copies en-US/* next to the module'
            [IO.File]::ReadAllText($built) | Should -BeExactly ([IO.File]::ReadAllText((Get-RepoPath "en-US/$file")))
        }
    }

    It '<Name>: a synopsis, a description and at least three examples' -ForEach $Cmdlets {
        $help = Get-Help -Name $Name -Full
        @($help) | Should -HaveCount 1
        $synopsis = "$($help.Synopsis)".Trim()
        # Without MAML, PowerShell makes the synopsis up from the syntax, which starts with the cmdlet's name.
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -BeLike "$Name*"
        Get-DescriptionText $help | Should -Not -BeNullOrEmpty
        @(Get-HelpItem $help.examples.example).Count | Should -BeGreaterOrEqual 3
    }

    It '<Name>: every parameter described, and no parameter the cmdlet lacks' -ForEach $Cmdlets {
        $command = Get-Command $Name
        $helpParameters = @{}
        foreach ($p in Get-HelpItem (Get-Help -Name $Name -Full).parameters.parameter) { $helpParameters[$p.name] = $p }
        $problems = @(
            foreach ($parameter in Get-OwnParameter $command) {
                if (-not $helpParameters.ContainsKey($parameter.Name)) { "-$($parameter.Name): no help" }
                elseif (-not (Get-DescriptionText $helpParameters[$parameter.Name])) { "-$($parameter.Name): empty description" }
            }
            foreach ($documented in $helpParameters.Keys | Where-Object { -not $command.Parameters.ContainsKey($_) }) { "help names -$documented, which the cmdlet does not have" }
        )
        $problems | Should -BeNullOrEmpty
    }

    It '<Name>: every example parses and uses only parameters the cmdlets have' -ForEach $Cmdlets {
        $examples = @(Get-HelpItem (Get-Help -Name $Name -Full).examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $examples.Count | Should -Be $Docs[$Name].Examples.Count
        $problems = @(
            for ($i = 0; $i -lt $examples.Count; $i++) {
                $example = $examples[$i]
                $title = "$($example.title)".Trim('-', ' ')
                $code = Get-ExampleCodeOnly "$($example.code)" $Docs[$Name].Examples[$i]
                foreach ($e in Get-ExampleParseError $code) { "'$title': line $($e.Extent.StartLineNumber): $($e.Message)" }
                foreach ($unknown in Get-UnknownExampleParameter $code $Exported) { "'$title': $unknown is not a parameter" }
            }
        )
        $problems | Should -BeNullOrEmpty
    }

    It '<Name>: the markdown parameter facts match the cmdlet metadata' -ForEach $Cmdlets {
        $Docs.ContainsKey($Name) | Should -BeTrue -Because "docs/en-US/$Name.md is the help's source"
        @(Compare-HelpFacts -Command (Get-Command $Name) -Doc $Docs[$Name]) | Should -BeNullOrEmpty
    }
}

Describe 'What Get-Help prints' {
    # The console shows MAML text as it is: Markdown's inline `code` would print its backticks (PowerShell's escape
    # character, to a reader of help), and a sample output table must keep its columns.
    BeforeDiscovery {
        $Outputs = @(foreach ($doc in Get-MarkdownHelp) {
            foreach ($example in $doc.Examples | Where-Object { $_.Outputs.Count -gt 0 }) {
                @{ Name = $doc.Name; Title = $example.Title; Output = @($example.Outputs) }
            }
        })
    }

    BeforeAll {
        function Get-ProseText {
            # Every text of a cmdlet's help that is prose, not code: synopsis, description, parameter and type
            # descriptions, example remarks, notes.
            param($Help)
            "$($Help.Synopsis)"
            Get-DescriptionText $Help
            foreach ($p in Get-HelpItem $Help.parameters.parameter) { Get-DescriptionText $p }
            foreach ($t in @(Get-HelpItem $Help.inputTypes.inputType; Get-HelpItem $Help.returnValues.returnValue)) { Get-DescriptionText $t }
            foreach ($e in Get-HelpItem $Help.examples.example) { (Get-HelpItem $e.remarks) | ForEach-Object { $_.Text } }
            foreach ($n in Get-HelpItem $Help.alertSet.alert) { (Get-HelpItem $n) | ForEach-Object { $_.Text } }
        }
        $script:MarkdownCode = '`[^`\r\n]+`'
    }

    It '<Name>: no Markdown backticks in the help text' -ForEach $Cmdlets {
        $prose = @(Get-ProseText (Get-Help -Name $Name -Full)) -join "`n"
        $prose.Length | Should -BeGreaterThan 200
        [regex]::Matches($prose, $MarkdownCode).Value | Should -BeNullOrEmpty
    }

    It 'the backtick check sees the inline code the markdown has' {
        # The docs use inline code (the help generator turns it into plain text): the pattern finds it there.
        $markdown = (Get-ChildItem (Get-RepoPath 'docs/en-US') -Filter *.md | ForEach-Object { [IO.File]::ReadAllText($_.FullName) }) -join "`n"
        [regex]::Matches($markdown, $MarkdownCode).Count | Should -BeGreaterThan 20
    }

    It '<Name> <Title>: the sample output keeps its columns' -ForEach $Outputs {
        $shown = (Get-Help -Name $Name -Examples | Out-String -Width 300).Replace("`r`n", "`n").Split("`n")
        foreach ($block in $Output) {
            $lines = $block.Replace("`r`n", "`n").Split("`n")
            $first = $lines | Where-Object { $_.Trim() } | Select-Object -First 1
            # Where the block starts: the line ending with its first line, indented by whitespace only.
            $at = @(for ($i = 0; $i -lt $shown.Count; $i++) { if ($shown[$i].EndsWith($first) -and -not $shown[$i].Substring(0, $shown[$i].Length - $first.Length).Trim()) { $i } })
            $at | Should -Not -BeNullOrEmpty -Because "Get-Help must show '$first'"
            $start = $at[0] - [array]::IndexOf($lines, $first)
            $indent = $shown[$at[0]].Substring(0, $shown[$at[0]].Length - $first.Length)
            # Every line of the block, in order, with the same indentation: the columns line up as in the markdown.
            for ($k = 0; $k -lt $lines.Count; $k++) {
                $expected = if ($lines[$k].Trim()) { $indent + $lines[$k] } else { '' }
                $shown[$start + $k].TrimEnd() | Should -BeExactly $expected.TrimEnd()
            }
        }
    }
}

Describe 'The help checks catch drift' {
    # Tried on the Get-Widget fixture and a function defined to match it, so they are known to catch drift before any
    # real cmdlet relies on them.
    BeforeAll {
        $script:MatchingFunction = @'
function Get-Widget {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    [OutputType('Widgets.Widget')]
    param(
        [Parameter(ParameterSetName = 'List')][ValidateSet('red', 'blue')][string]$Color,
        [Parameter(ParameterSetName = 'List')][int]$Limit,
        [Parameter(ParameterSetName = 'List')][switch]$Force,
        [Parameter(ParameterSetName = 'ById', Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('WidgetId')][long[]]$Id)
}
'@
        $script:WidgetDoc = Get-MarkdownHelp -Path $WidgetMarkdownPath
        function Get-DefinedCommand {
            param([string] $Definition)
            & ([scriptblock]::Create($Definition + "`nGet-Command Get-Widget -CommandType Function"))
        }
    }

    It 'markdown that matches the code has no problems' {
        $command = Get-DefinedCommand $MatchingFunction
        $command.Name | Should -BeExactly 'Get-Widget'
        @(Compare-HelpFacts -Command $command -Doc $WidgetDoc) | Should -BeNullOrEmpty
    }

    It 'WhatIf and Confirm may be documented when the cmdlet supports ShouldProcess' {
        $whatIfBlock = @'
### -WhatIf
Shows what would happen.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases: wi

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

'@.Replace("`r`n", "`n")
        $markdown = [IO.File]::ReadAllText($WidgetMarkdownPath).Replace("`r`n", "`n").
            Replace('[<CommonParameters>]', '[-WhatIf] [-Confirm] [<CommonParameters>]').
            Replace('### CommonParameters', $whatIfBlock + "`n### CommonParameters")
        $withWhatIf = [AdobeExportJobs.HelpGen.MarkdownHelpReader]::Read($markdown, 'Get-Widget.md')
        @($withWhatIf.Parameters.Name) | Should -Contain 'WhatIf'
        $supports = Get-DefinedCommand ($MatchingFunction.Replace("[CmdletBinding(DefaultParameterSetName = 'List')]", "[CmdletBinding(DefaultParameterSetName = 'List', SupportsShouldProcess)]"))

        @(Compare-HelpFacts -Command $supports -Doc $withWhatIf) | Should -BeNullOrEmpty
        # Not documenting them is fine too.
        @(Compare-HelpFacts -Command $supports -Doc $WidgetDoc) | Should -BeNullOrEmpty
        @(Compare-HelpFacts -Command (Get-DefinedCommand $MatchingFunction) -Doc $withWhatIf) | Where-Object { $_.Contains('documents -WhatIf, which the cmdlet does not have') } |
            Should -Not -BeNullOrEmpty
    }

    It 'drift is reported: <Expected>' -ForEach @(
        @{ Find = "[Parameter(ParameterSetName = 'List')][int]`$Limit,"; Replace = "[Parameter(ParameterSetName = 'List')][int]`$Limit, [Parameter(ParameterSetName = 'List')][string]`$Size,"; Expected = "the markdown has no '### -Size'" }
        @{ Find = "[Parameter(ParameterSetName = 'List')][int]`$Limit,"; Replace = ''; Expected = 'documents -Limit, which the cmdlet does not have' }
        @{ Find = "[Parameter(ParameterSetName = 'List')][int]`$Limit"; Replace = "[Parameter(ParameterSetName = 'List')][long]`$Limit"; Expected = 'Type is Int32, the code says Int64' }
        @{ Find = "[Parameter(ParameterSetName = 'List')][int]`$Limit"; Replace = "[Parameter(ParameterSetName = 'List', Mandatory)][int]`$Limit"; Expected = 'Required: False in set List, the code says True' }
        @{ Find = 'Position = 0, '; Replace = 'Position = 1, '; Expected = 'Position: 0 in set ById, the code says 1' }
        @{ Find = 'ValueFromPipeline, ValueFromPipelineByPropertyName'; Replace = 'ValueFromPipelineByPropertyName'; Expected = 'Accept pipeline input: True (ByPropertyName, ByValue) in set ById, the code says True (ByPropertyName)' }
        @{ Find = "[Alias('WidgetId')]"; Replace = "[Alias('WidgetId', 'Wid')]"; Expected = 'Aliases are [WidgetId], the code has [Wid, WidgetId]' }
        @{ Find = "[ValidateSet('red', 'blue')]"; Replace = "[ValidateSet('red', 'blue', 'green')]"; Expected = "Accepted values are [red, blue], the code's ValidateSet is [red, blue, green]" }
        @{ Find = "ParameterSetName = 'ById'"; Replace = "ParameterSetName = 'ByKey'"; Expected = 'SYNTAX shows sets [List, ById], the cmdlet has' }
        @{ Find = "DefaultParameterSetName = 'List'"; Replace = "DefaultParameterSetName = 'ById'"; Expected = 'SYNTAX marks the wrong set (Default)' }
        @{ Find = "[OutputType('Widgets.Widget')]"; Replace = "[OutputType('Widgets.Gadget')]"; Expected = 'OUTPUTS does not name Widgets.Gadget' }
    ) {
        $MatchingFunction.Contains($Find) | Should -BeTrue
        $problems = @(Compare-HelpFacts -Command (Get-DefinedCommand $MatchingFunction.Replace($Find, $Replace)) -Doc $WidgetDoc)
        $problems | Where-Object { $_.Contains($Expected) } | Should -Not -BeNullOrEmpty -Because ($problems -join '; ')
    }

    It 'examples are parsed and their parameters resolved as the binder would: <Code>' -ForEach @(
        @{ Code = 'Get-Widget -Color red -Limit 3'; ParseErrors = 0; Unknown = 0 }
        @{ Code = 'PS C:\> Get-Widget -Col red | ForEach-Object { Get-Widget -WidgetId $_.Id }'; ParseErrors = 0; Unknown = 0 }
        @{ Code = 'Get-Widget -Colour red'; ParseErrors = 0; Unknown = 1 }
        @{ Code = 'Get-Widget -Id (1, 2'; ParseErrors = 1; Unknown = 0 }
        @{ Code = 'Get-Widget -L 3'; ParseErrors = 0; Unknown = 0 }
    ) {
        $command = Get-DefinedCommand $MatchingFunction
        @(Get-ExampleParseError $Code).Count | Should -Be $ParseErrors
        @(Get-UnknownExampleParameter $Code @($command)).Count | Should -Be $Unknown
    }
}

Describe 'about_AdobeExportJobs' {
    BeforeAll {
        $script:AboutText = @(Get-Help about_AdobeExportJobs) -join "`n"
        $script:Sections = Get-AboutSection $AboutText
    }

    It 'Get-Help finds the about topic shipped in the module folder, as committed' {
        $AboutText | Should -Match 'about_AdobeExportJobs'
        $AboutText | Should -Match 'SHORT DESCRIPTION'
        # The copy in out/ is the one users get: it must be the committed source, not a stale build.
        $AboutText.Replace("`r`n", "`n").Trim() | Should -BeExactly ([IO.File]::ReadAllText((Get-RepoPath 'en-US/about_AdobeExportJobs.help.txt')).Replace("`r`n", "`n").Trim())
    }

    It 'explains <Section>' -ForEach @(
        @{ Section = 'SESSIONS AND AUTHENTICATION'; Mentions = 'PSCredential', 'AccessToken' }
        @{ Section = 'SANDBOXES'; Mentions = 'x-sandbox-name', 'New-AepSession' }
        @{ Section = 'JOB LIFECYCLE AND STATUSES'; Mentions = 'PROCESSING', 'CANCELLED' }
        @{ Section = 'JOB OBJECTS'; Mentions = 'Select-Object', 'Export-Csv', 'ConvertTo-Json', '$job.GetJson() | ConvertFrom-Json', 'CreationTime is Created', 'RawJson' }
        @{ Section = 'FROM AN EXPORT TO FILES ON DISK'; Mentions = 'Save-ExportJobFile -Path', '<jobId>/<batchId>/<name>', '.partial', 'deprecated' }
        @{ Section = 'PAGING'; Mentions = '-PageSize', '-Offset' }
        @{ Section = 'RETRIES AND THROTTLING'; Mentions = '429', 'Retry-After' }
        @{ Section = 'THE EMULATOR'; Mentions = 'emulator-secret', 'src/AdobeExportJobs.Emulator' }
        @{ Section = 'ENVIRONMENT VARIABLES'; Mentions = 'AEP_IMS_ENDPOINT', 'AEP_ACCESS_TOKEN' }
    ) {
        $Sections.ContainsKey($Section) | Should -BeTrue -Because "the topic needs a section $Section"
        foreach ($m in $Mentions) { $Sections[$Section] | Should -BeLikeExactly "*$m*" }
    }

    It 'documents <Variable>' -ForEach @(
        'AEP_CLIENT_ID', 'AEP_CLIENT_SECRET', 'AEP_ORG_ID', 'AEP_SANDBOX', 'AEP_SCOPES', 'AEP_ACCESS_TOKEN', 'AEP_ENDPOINT', 'AEP_IMS_ENDPOINT' |
            ForEach-Object { @{ Variable = $_ } }
    ) {
        $Sections['ENVIRONMENT VARIABLES'] | Should -BeLikeExactly "*$Variable*"
    }

    It 'fits an 80-column console' {
        $lines = $AboutText.Replace("`r`n", "`n").Split("`n")
        $lines.Count | Should -BeGreaterThan 50
        $tooLong = for ($i = 0; $i -lt $lines.Count; $i++) {
            $l = $lines[$i]
            if ($l.Length -gt 80 -and -not $l.TrimStart().StartsWith('dotnet run') -and -not $l.Contains('https://')) { "line $($i + 1): $($l.Length) columns" }
        }
        $tooLong | Should -BeNullOrEmpty
    }
}
