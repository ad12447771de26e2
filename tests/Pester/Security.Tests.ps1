#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Hostile servers as users meet them: no redirect is followed (a second listener records that nothing reached it),
# a secret or token echoed in an error body shows nowhere (Get-Error included), and a token that cannot go into a
# header is refused before anything is sent.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    # With characters that forms and URLs encode, so an echo of the encoded form is caught too.
    $script:Secret = 'ech0+s3cret/' + [guid]::NewGuid().ToString('N') + '=='
    $script:SecretForms = @($Secret, [Uri]::EscapeDataString($Secret), [Net.WebUtility]::UrlEncode($Secret)) | Select-Object -Unique
    $script:Get = ',AdobeExportJobs.Commands.GetExportJobCommand'
    $script:New = ',AdobeExportJobs.Commands.NewExportJobCommand'
    function Connect-Scripted([string] $Platform, [string] $Ims = $Platform, [switch] $Unchecked) {
        $connection = @{ ClientId = 'c'; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force); OrgId = 'o'; Sandbox = 'prod'; Endpoint = $Platform; ImsEndpoint = $Ims }
        if (-not $Unchecked) { return Connect-Aep @connection -Quiet }
        # A session made without a call, for an IMS Connect-Aep refuses at once: the cmdlets use it through
        # $PSDefaultParameterValues, so the failure meets a request.
        $global:PSDefaultParameterValues['*-ExportJob*:Session'] = New-AepSession @connection
    }
    function Clear-Unchecked { $global:PSDefaultParameterValues.Remove('*-ExportJob*:Session') }
    # What a foreign host following a redirect would hand out: its own token, its own jobs.
    function Start-Elsewhere { Start-ScriptedServer -Default (New-HttpAnswer -Body '{"access_token":"foreign-token","expires_in":86399,"id":666,"status":"NEW","records":[{"id":666}]}') }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
}

Describe 'Redirects' {
    AfterEach {
        Clear-Unchecked
        Disconnect-Aep -ErrorAction SilentlyContinue
        $servers | Stop-ScriptedServer
    }

    It 'an IMS answering <Status> gets no second request, the secret goes nowhere else, and the error is AepRedirectRefused' -ForEach @(
        @{ Status = 307 }
        @{ Status = 308 }
        @{ Status = 302 }
    ) {
        $elsewhere = Start-Elsewhere
        $ims = Start-ScriptedServer -Default (New-HttpAnswer -Status $Status -Reason 'Redirect' -Header "Location: $($elsewhere.BaseUrl)/ims/token/v3")
        $platform = Start-ScriptedServer -Default (New-HttpAnswer -Body '{"id":5,"status":"NEW"}')
        $servers = $elsewhere, $ims, $platform

        # Connect-Aep's first token meets the redirect.
        $connect = Invoke-Captured { Connect-Scripted -Platform $platform.BaseUrl -Ims $ims.BaseUrl }
        $e = Assert-SingleError $connect 'AepRedirectRefused,AdobeExportJobs.Commands.ConnectAepCommand' SecurityError
        $e.Exception.Location | Should -BeExactly "$($elsewhere.BaseUrl)/ims/token/v3"
        Get-AepSession | Should -BeNullOrEmpty
        $ims.Requests.ToArray() | Should -Be @('POST /ims/token/v3')

        # So does a call's.
        Connect-Scripted -Platform $platform.BaseUrl -Ims $ims.BaseUrl -Unchecked
        $r = Invoke-Captured { Get-ExportJob -Id 5 }

        $e = Assert-SingleError $r "AepRedirectRefused$Get" SecurityError -TargetObject 5L
        $e.ErrorDetails.Message | Should -BeLike "*$Status*$($elsewhere.BaseUrl)/ims/token/v3*"
        $e.Exception.Location | Should -BeExactly "$($elsewhere.BaseUrl)/ims/token/v3"
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-ImsEndpoint*'
        $r.Output | Should -BeNullOrEmpty
        $elsewhere.Requests.Count | Should -Be 0
        $ims.Requests.ToArray() | Should -Be @('POST /ims/token/v3', 'POST /ims/token/v3')
        $platform.Requests.Count | Should -Be 0
    }

    It 'a platform answering a create with <Status> sends nothing elsewhere and never a second create' -ForEach @(
        @{ Status = 308; ErrorId = 'AepRedirectRefused'; Category = 'SecurityError' }
        # Only 307 and 308 say the create was not carried out; after another redirect the job is looked for by request id.
        @{ Status = 301; ErrorId = 'ExportJobCreateOutcomeUnknown'; Category = 'InvalidResult' }
    ) {
        $elsewhere = Start-Elsewhere
        $platform = Start-ScriptedServer -Answer ([ordered]@{
                '/ims/'      = New-TokenAnswer
                'GET /data/' = New-HttpAnswer -Body '{"records":[],"page":{},"link":{}}'
            }) -Default (New-HttpAnswer -Status $Status -Reason 'Redirect' -Header "Location: $($elsewhere.BaseUrl)/data/core/ups/export/jobs")
        $servers = $elsewhere, $platform
        Connect-Scripted -Platform $platform.BaseUrl

        $r = Invoke-Captured { New-ExportJob -DatasetId redirected-ds }

        $e = Assert-SingleError $r "$ErrorId$New" $Category -TargetObject 'redirected-ds'
        $e.ErrorDetails.Message | Should -BeLike "*follows no redirects*"
        $elsewhere.Requests.Count | Should -Be 0
        @($platform.Requests.ToArray() | Where-Object { $_ -like 'POST /data/*' }) | Should -HaveCount 1
    }
}

Describe 'Echoed secrets' {
    It 'a secret echoed by IMS and tokens echoed by the platform show nowhere: streams, error properties, Get-Error' {
        $token = 'opaque-' + [guid]::NewGuid().ToString('N')
        $form = "grant_type=client_credentials&client_id=c&client_secret=$([Uri]::EscapeDataString($Secret))&scope=openid"
        $imsPage = @{
            error             = 'invalid_client'
            error_description = "unknown secret $Secret"
            received          = $form
            details           = @{ $Secret = 'was the secret' }
        } | ConvertTo-Json -Compress
        $echoing = Start-ScriptedServer -Default (New-HttpAnswer -Status 400 -Reason 'Bad Request' -Body $imsPage)
        $refusing = Start-ScriptedServer -Answer ([ordered]@{ '/ims/' = New-HttpAnswer -Body "{`"access_token`":`"$token`",`"expires_in`":86399}" }) -Default (
            New-HttpAnswer -Status 401 -Reason "Unauthorized $token" -Header "x-request-id: $token", "WWW-Authenticate: Bearer error=`"invalid_token`" token=`"$token`"" -Body (
                @{ error_code = '401013'; message = "Oauth token $token is not valid"; token = $token; echo = "Authorization: Bearer $token" } | ConvertTo-Json -Compress))
        $found = @{}
        try {
            $r = Invoke-InRunspace -Variables @{
                Secret   = ConvertTo-SecureString $Secret -AsPlainText -Force
                Echoing  = $echoing.BaseUrl
                Refusing = $refusing.BaseUrl
                Found    = $found
            } -Script @'
                $VerbosePreference = 'Continue'
                $DebugPreference = 'Continue'
                $a = New-AepSession -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Echoing -ImsEndpoint $Echoing
                $b = New-AepSession -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Refusing -ImsEndpoint $Refusing
                Get-ExportJob -Id 5 -Session $a
                New-ExportJob -DatasetId d -Session $a
                Get-ExportJob -Session $b
                New-ExportJob -DatasetId d -Session $b
                Remove-ExportJob -Id 5 -Force -Session $b
                $Found.GetError = @($Error) | Get-Error | Out-String -Width 400
                $Found.FormatList = @($Error) | Format-List * -Force | Out-String -Width 400
                $Found.Exceptions = @($Error) | ForEach-Object { $_.Exception | Format-List * -Force | Out-String -Width 400 }
                $Found.Json = (@($Error) | ForEach-Object { $_.Exception.Error.Json.ToString() }) -join "`n"
'@
        }
        finally { $echoing, $refusing | Stop-ScriptedServer }

        @($r.Errors | Get-ErrorId) | Should -Be @('AepAuthenticationFailed', 'AepAuthenticationFailed', 'AepAuthenticationFailed', 'AepAuthenticationFailed', 'AepAuthenticationFailed')
        # The echoes were shown, scrubbed: Get-Error printed the error bodies.
        $found.GetError | Should -BeLike '*invalid_client: unknown secret `[REDACTED`]*'
        $found.GetError | Should -BeLike '*ReasonPhrase*: Unauthorized `[REDACTED`]*'
        $found.GetError | Should -BeLike '*Oauth token `[REDACTED`] is not valid*'
        # The raw error bodies (Exception.Error.Json) keep what is not secret.
        $found.Json | Should -BeLike '*was the secret*'
        $all = @(
            @($r.Output) + @($r.Errors) + @($r.Verbose) + @($r.Debug) + @($r.Warning) | Get-AllText -Depth 8
            $found.GetError
            $found.FormatList
            $found.Exceptions
            $found.Json
        ) -join "`n"
        $all | Should -BeLike '*client_secret=`[REDACTED`]*' -Because 'the debug lines show the form, scrubbed'
        foreach ($s in @($SecretForms) + $token) {
            $all.Contains($s) | Should -BeFalse -Because "no text may hold '$($s.Substring(0, 8))...'"
        }
        $all.Contains('s3cret') | Should -BeFalse
    }
}

Describe 'Tokens that cannot go into a header' {
    It 'an IMS token with a <What> fails New-ExportJob before anything is sent, never as "outcome unknown"' -ForEach @(
        @{ What = 'line break'; Json = 'abc\r\nX-Injected: 1' }
        @{ What = 'non-ASCII character'; Json = 't\u00f6ken' }
    ) {
        $server = Start-ScriptedServer -Answer ([ordered]@{ '/ims/' = New-HttpAnswer -Body "{`"access_token`":`"$Json`",`"expires_in`":86399}" }) -Default (New-HttpAnswer -Body '{"id":5,"status":"NEW"}')
        try {
            $connect = Invoke-Captured { Connect-Scripted -Platform $server.BaseUrl }
            $e = Assert-SingleError $connect 'AepMalformedResponse,AdobeExportJobs.Commands.ConnectAepCommand' InvalidResult
            $e.ErrorDetails.Message | Should -BeLike "*cannot be sent in an HTTP header*$What*nothing was sent to the platform*"
            Get-AepSession | Should -BeNullOrEmpty

            Connect-Scripted -Platform $server.BaseUrl -Unchecked
            $r = Invoke-Captured { New-ExportJob -DatasetId d }
            $e = Assert-SingleError $r "AepMalformedResponse$New" InvalidResult -TargetObject 'd'
            $e.ErrorDetails.Message | Should -BeLike "*cannot be sent in an HTTP header*$What*nothing was sent to the platform*"
            $e.ErrorDetails.Message | Should -Not -BeLike '*X-Injected*'
            $e.Exception.RequestMayHaveBeenProcessed | Should -BeFalse
            @($server.Requests.ToArray() | Where-Object { $_ -notlike '* /ims/*' }) | Should -HaveCount 0
        }
        finally {
            Clear-Unchecked
            Disconnect-Aep -ErrorAction SilentlyContinue
            Stop-ScriptedServer $server
        }
    }

    It 'Connect-Aep refuses a bare -AccessToken holding a <What>' -ForEach @(
        @{ What = 'line break'; Token = "abc`r`ndef" }
        @{ What = 'non-ASCII character'; Token = 'tök' + 'en-12345' }
    ) {
        $r = Invoke-Captured { Connect-Aep -AccessToken (ConvertTo-SecureString $Token -AsPlainText -Force) -ClientId c -OrgId o -Sandbox prod -Endpoint http://127.0.0.1:1 }
        $e = Assert-SingleError $r 'AepInvalidSession,AdobeExportJobs.Commands.ConnectAepCommand' InvalidArgument
        $e.Exception.Message | Should -BeLike "*cannot be sent in an HTTP header*$What*"
        $e.Exception.Message.Contains($Token) | Should -BeFalse
        Get-AepSession | Should -BeNullOrEmpty
    }
}
