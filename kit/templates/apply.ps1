# aoh-helper kit: apply the Confirmation ID(s) for this PC, read the licence
# status back and write <computer name>.result.json next to this script.
# Input, next to this script: <computer name>.cid (the PC's first product) or
# aoh-cids.json (exported by the app, entries for many PCs).  docs/commands.md.
# Started by apply.cmd (as administrator): powershell -NoProfile -ExecutionPolicy Bypass -File apply.ps1
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$ja = (Get-UICulture).Name -like 'ja*'
function Say([string]$en, [string]$jp) { if ($ja) { Write-Host $jp } else { Write-Host $en } }
$computer = $env:COMPUTERNAME
$cim = [bool](Get-Command Get-CimInstance -ErrorAction SilentlyContinue)

# What each error code means, from activation/explain.py (filled in when the kit is built).
$Explain = @{
#AOH-EXPLAIN#
}

function Get-Licences([string]$class, [string]$filter) {
    try {
        if ($cim) { return @(Get-CimInstance -ClassName $class -Filter $filter) }
        return @(Get-WmiObject -Class $class -Filter $filter)
    } catch {
        return @()
    }
}

function Js([string]$s) {
    $b = New-Object System.Text.StringBuilder
    foreach ($c in $s.ToCharArray()) {
        $n = [int]$c
        if ($c -eq '"') { [void]$b.Append('\"') }
        elseif ($c -eq '\') { [void]$b.Append('\\') }
        elseif ($n -lt 32) { [void]$b.Append(('\u{0:x4}' -f $n)) }
        else { [void]$b.Append($c) }
    }
    return '"' + $b.ToString() + '"'
}

# The check digit of every group (weights 1, 2, 1, 2, ... mod 7), as the app checks it.
function Test-Id([string]$digits, [int]$size) {
    for ($at = 0; $at -lt $digits.Length; $at += $size) {
        $g = $digits.Substring($at, $size)
        $sum = 0
        for ($i = 0; $i -lt $size - 1; $i++) {
            $d = [int][string]$g[$i]
            if ($i % 2) { $sum += 2 * $d } else { $sum += $d }
        }
        if (($sum % 7) -ne [int][string]$g[$size - 1]) { return $false }
    }
    return $true
}

function Get-HResult($err) {
    $x = $err.Exception
    foreach ($v in @($x.ErrorData.error_Code, $x.InnerException.ErrorCode, $x.ErrorCode, $x.HResult)) {
        if ($v) { return ('0x{0:X8}' -f ([int64]$v -band [int64]4294967295)) }
    }
    return '0x80004005'
}

# What to apply: a list of @(activation id, iid, cid)
$jobs = @()
$cidFile = Join-Path $here ($computer + '.cid')
$batchFile = Join-Path $here 'aoh-cids.json'
if (Test-Path $cidFile) {
    $digits = ([IO.File]::ReadAllText($cidFile) -replace '[^0-9]', '')
    $jobs += ,@('', '', $digits)
} elseif (Test-Path $batchFile) {
    $text = [IO.File]::ReadAllText($batchFile).TrimStart([char]0xFEFF)
    if (Get-Command ConvertFrom-Json -ErrorAction SilentlyContinue) {
        $doc = $text | ConvertFrom-Json
        $pcs = @($doc.pcs)
        $format = $doc.format
    } else {
        Add-Type -AssemblyName System.Web.Extensions
        $doc = (New-Object System.Web.Script.Serialization.JavaScriptSerializer).DeserializeObject($text)
        $pcs = @($doc['pcs'] | ForEach-Object { New-Object PSObject -Property $_ })
        $format = $doc['format']
    }
    if ($format -ne 'aoh-helper.cids') {
        Say 'aoh-cids.json is not an aoh-helper.cids file.' 'aoh-cids.json は aoh-helper.cids ファイルではありません。'
        exit 1
    }
    foreach ($e in $pcs) {
        if ([string]$e.computer -eq $computer) {
            $jobs += ,@(([string]$e.activation_id).ToLower(), [string]$e.iid, ([string]$e.cid -replace '[^0-9]', ''))
        }
    }
}
if ($jobs.Count -eq 0) {
    Say ("No Confirmation ID for {0}: put {0}.cid or aoh-cids.json next to this script." -f $computer) ("{0} の確認 ID がありません。{0}.cid または aoh-cids.json をこのスクリプトと同じ場所に置いてください。" -f $computer)
    exit 1
}

$results = @()
foreach ($job in $jobs) {
    $aid, $iid, $cid = $job
    $hresult = ''
    $product = $null
    $class = 'SoftwareLicensingProduct'
    $service = 'SoftwareLicensingService'
    if ($cid.Length -ne 48 -or -not (Test-Id $cid 6)) {
        Say 'The Confirmation ID is not 48 digits with every check digit right: compare it with the portal group by group.' '確認 ID が 48 桁でないか、チェック ディジットが一致しないグループがあります。ポータルの表示とグループごとに見比べてください。'
        $hresult = '0xC004F04D'
    } else {
        $all = @(Get-Licences 'SoftwareLicensingProduct' 'PartialProductKey IS NOT NULL')
        $office2010 = @(Get-Licences 'OfficeSoftwareProtectionProduct' 'PartialProductKey IS NOT NULL')
        foreach ($p in ($all + $office2010)) {
            if (-not $p) { continue }
            $match = ($aid -and ([string]$p.ID).ToLower() -eq $aid) -or (-not $aid -and $iid -and [string]$p.OfflineInstallationId -eq $iid)
            if ($match -or (-not $aid -and -not $iid -and -not $product)) {
                $product = $p
                if ($office2010 -contains $p) { $class = 'OfficeSoftwareProtectionProduct'; $service = 'OfficeSoftwareProtectionService' }
                if ($match) { break }
            }
        }
        if (-not $product) {
            $hresult = '0xC004F015'
        } elseif ($iid -and [string]$product.OfflineInstallationId -ne $iid) {
            Say 'The Installation ID has changed since it was collected: run collect again and get a new Confirmation ID.' 'インストール ID が収集時から変わっています。collect をもう一度実行し、新しい確認 ID を取得してください。'
            $hresult = '0xC004F031'
        } else {
            $iid = [string]$product.OfflineInstallationId
            try {
                if ($cim) {
                    $r = Invoke-CimMethod -InputObject $product -MethodName DepositOfflineConfirmationId -Arguments @{ InstallationId = $iid; ConfirmationId = $cid }
                } else {
                    $r = $product.DepositOfflineConfirmationId($iid, $cid)
                }
                $hresult = '0x{0:X8}' -f ([int64]$r.ReturnValue -band [int64]4294967295)
            } catch {
                $hresult = Get-HResult $_
            }
            try {
                if ($cim) {
                    [void](Invoke-CimMethod -InputObject (Get-CimInstance -ClassName $service) -MethodName RefreshLicenseStatus)
                } else {
                    [void](@(Get-WmiObject -Class $service)[0].RefreshLicenseStatus())
                }
            } catch { }
        }
    }
    $status = 0
    if ($product) {
        $again = @(Get-Licences $class ("ID = '" + $product.ID + "'"))
        if ($again.Count) { $status = [int]$again[0].LicenseStatus }
        $aid = ([string]$product.ID).ToLower()
    }
    $licensed = ($status -eq 1)
    if ($licensed) {
        Say ("Licensed: {0}" -f $product.Name) ("ライセンスされています: {0}" -f $product.Name)
    } elseif ($hresult -eq '0x00000000') {
        Say ("The Confirmation ID was accepted, but LicenseStatus is {0} (1 = Licensed): check with slmgr /dlv." -f $status) ("確認 ID は受け付けられましたが、LicenseStatus は {0} です (1 = ライセンスされています)。slmgr /dlv で確認してください。" -f $status)
    } else {
        Say ("ACTIVATION FAILED: {0}" -f $hresult) ("ライセンス認証に失敗しました: {0}" -f $hresult)
        if ($Explain.ContainsKey($hresult)) {
            $e = $Explain[$hresult]
            if ($ja) { Write-Host $e[2]; Write-Host $e[3] } else { Write-Host $e[0]; Write-Host $e[1] }
        } else {
            Say ("Run slui.exe 0x2a {0} for Windows' own text." -f $hresult) ("slui.exe 0x2a {0} を実行すると Windows による説明が表示されます。" -f $hresult)
        }
    }
    $lic = 'false'
    if ($licensed) { $lic = 'true' }
    $results += ,@(
        ('"activation_id": ' + (Js $aid)),
        ('"iid": ' + (Js $iid)),
        ('"hresult": ' + (Js $hresult)),
        ('"license_status": ' + $status),
        ('"licensed": ' + $lic)
    )
}

$now = (Get-Date).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)
$lines = @('{', '  "format": "aoh-helper.result",', '  "version": 1,', ('  "computer": ' + (Js $computer) + ','), ('  "finished": ' + (Js $now) + ','), '  "results": [')
for ($i = 0; $i -lt $results.Count; $i++) {
    $lines += '    {'
    $fields = $results[$i]
    for ($j = 0; $j -lt $fields.Count; $j++) {
        $comma = ','
        if ($j -eq $fields.Count - 1) { $comma = '' }
        $lines += ('      ' + $fields[$j] + $comma)
    }
    if ($i -eq $results.Count - 1) { $lines += '    }' } else { $lines += '    },' }
}
$lines += @('  ]', '}')
$target = Join-Path $here ($computer + '.result.json')
[IO.File]::WriteAllText($target, ($lines -join "`r`n"), (New-Object System.Text.UTF8Encoding $true))
Say ("Written: {0}" -f $target) ("保存しました: {0}" -f $target)
