# aoh-helper kit: list this PC's licences that have a product key, with their
# Installation IDs, write <computer name>.aoh.json next to this script and open
# the offline page showing them.  Reads only; changes nothing.
# Started by collect.cmd: powershell -NoProfile -ExecutionPolicy Bypass -File collect.ps1
# Works on Windows PowerShell 2.0 to 5.1 and PowerShell 7 (docs/commands.md).
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$ja = (Get-UICulture).Name -like 'ja*'
function Say([string]$en, [string]$jp) { if ($ja) { Write-Host $jp } else { Write-Host $en } }

$WindowsApp = '55c92734-d682-4d71-983e-d6ec3f16059f'
$OfficeApp = '0ff1ce15-a989-479d-af46-f275c6370663'
$Esu = @{
    'f520e45e-7413-4a34-a497-d2765967d094' = 'esu1'
    '1043add5-23b1-4afb-9a0f-64343c8f3f8d' = 'esu2'
    '83d49986-add3-41d7-ba33-87c7bfb5c0fb' = 'esu3'
}

# Get-CimInstance where it exists (PowerShell 3 and later), Get-WmiObject on Windows 7's 2.0.
function Get-Licences([string]$class, [string]$filter) {
    try {
        if (Get-Command Get-CimInstance -ErrorAction SilentlyContinue) {
            return @(Get-CimInstance -ClassName $class -Filter $filter)
        }
        return @(Get-WmiObject -Class $class -Filter $filter)
    } catch {
        return @()  # the class is missing: no Office 2010 on this PC
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

$licences = @()
# (PowerShell 2.0 runs a foreach once over $null: hence the checks)
foreach ($p in (Get-Licences 'SoftwareLicensingProduct' 'PartialProductKey IS NOT NULL')) { if ($p) { $licences += ,@($p, 'spp') } }
foreach ($p in (Get-Licences 'OfficeSoftwareProtectionProduct' 'PartialProductKey IS NOT NULL')) { if ($p) { $licences += ,@($p, 'office2010') } }

$computer = $env:COMPUTERNAME
$items = @()
$kms = 0
foreach ($pair in $licences) {
    $p = $pair[0]
    $id = ([string]$p.ID).ToLower()
    $app = ([string]$p.ApplicationID).ToLower()
    $desc = [string]$p.Description
    $channel = ''
    if ($desc -match '([A-Za-z0-9_]+) channel') { $channel = $Matches[1] }
    if ($Esu.ContainsKey($id)) { $product = $Esu[$id] }
    elseif ($pair[1] -eq 'office2010' -or $app -eq $OfficeApp) { $product = 'office' }
    elseif ($p.LicenseIsAddon) { $product = 'addon' }
    elseif ("$($p.Name) $desc" -match 'Server') { $product = 'server' }
    else { $product = 'windows' }
    $iid = [string]$p.OfflineInstallationId
    if ($channel -eq 'VOLUME_KMSCLIENT') { $kms++ }
    Write-Host ''
    Write-Host ("{0}" -f $p.Name)
    Write-Host ("  {0} / {1} / *****-{2} / LicenseStatus {3}" -f $channel, $id, $p.PartialProductKey, $p.LicenseStatus)
    Write-Host ("  IID: {0}" -f $iid)
    $items += ,@(
        ('"name": ' + (Js $p.Name)),
        ('"description": ' + (Js $desc)),
        ('"channel": ' + (Js $channel)),
        ('"partial_key": ' + (Js $p.PartialProductKey)),
        ('"license_status": ' + [int]$p.LicenseStatus),
        ('"activation_id": ' + (Js $id)),
        ('"application_id": ' + (Js $app)),
        ('"product": ' + (Js $product)),
        ('"iid": ' + (Js $iid))
    )
}
Write-Host ''

if ($items.Count -eq 0) {
    Say 'No product with a product key was found on this PC.' 'プロダクト キーのある製品がこの PC に見つかりませんでした。'
    exit 1
}
if ($kms -gt 0) {
    Say 'A KMS client key (VOLUME_KMSCLIENT) is installed: the portal cannot activate it (0x8007232B / 0xC004F074).' 'KMS クライアント キー (VOLUME_KMSCLIENT) がインストールされています。ポータルでは認証できません (0x8007232B / 0xC004F074)。'
    Say 'Install a MAK or retail key first (slmgr /ipk), then run collect again.' '先に MAK またはリテールのキーをインストールし (slmgr /ipk)、collect をもう一度実行してください。'
    if ($kms -eq $items.Count) { exit 2 }
}

# The JSON is written here, field by field, so every PowerShell version writes
# the same bytes (docs/commands.md): UTF-8 with BOM, CRLF, two-space indent.
$now = (Get-Date).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)
$lines = @('{', '  "format": "aoh-helper.pc",', '  "version": 1,', ('  "computer": ' + (Js $computer) + ','), ('  "collected": ' + (Js $now) + ','), '  "products": [')
for ($i = 0; $i -lt $items.Count; $i++) {
    $lines += '    {'
    $fields = $items[$i]
    for ($j = 0; $j -lt $fields.Count; $j++) {
        $comma = ','
        if ($j -eq $fields.Count - 1) { $comma = '' }
        $lines += ('      ' + $fields[$j] + $comma)
    }
    if ($i -eq $items.Count - 1) { $lines += '    }' } else { $lines += '    },' }
}
$lines += @('  ]', '}')
$json = $lines -join "`r`n"
$utf8 = New-Object System.Text.UTF8Encoding $true
$target = Join-Path $here ($computer + '.aoh.json')
[IO.File]::WriteAllText($target, $json, $utf8)
Say ("Written: {0}" -f $target) ("保存しました: {0}" -f $target)

# The offline page with this PC's data in it: a page from file:// cannot read a file beside it.
$page = Join-Path $here 'offline.html'
if (Test-Path $page) {
    $html = [IO.File]::ReadAllText($page, $utf8)
    $slot = '<script type="application/json" id="aoh-pc">null</script>'
    $html = $html.Replace($slot, $slot.Replace('>null<', '>' + $json.Replace('</', '<\/') + '<'))
    $shown = Join-Path $here ($computer + '.aoh.html')
    [IO.File]::WriteAllText($shown, $html, $utf8)
    Invoke-Item $shown
}
