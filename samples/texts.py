"""What the PC prints: slmgr /dti and /dlv output, in English and Japanese.

Why its own module: the wording follows docs/ids.md (slmgr.vbs strings),
and the scenes only lay these lines out.
"""

from __future__ import annotations

import random
import unicodedata

KEY_CHARS = "BCDFGHJKMPQRTVWXY2346789"
WSH_BANNER = (
    "Microsoft (R) Windows Script Host Version 5.812",
    "Copyright (C) Microsoft Corporation. All rights reserved.",
)
ESU_YEAR1 = "f520e45e-7413-4a34-a497-d2765967d094"
WINDOWS_APP_ID = "55c92734-d682-4d71-983e-d6ec3f16059f"

LABELS = {
    "en": {
        "iid": "Installation ID: ",
        "name": "Name: ",
        "desc": "Description: ",
        "act": "Activation ID: ",
        "app": "Application ID: ",
        "epid": "Extended PID: ",
        "channel": "Product Key Channel: ",
        "ppk": "Partial Product Key: ",
        "status": "License Status: ",
        "reason": "Notification Reason: ",
        "rearm_win": "Remaining Windows rearm count: ",
        "rearm_sku": "Remaining SKU rearm count: ",
        "trusted": "Trusted time: ",
        "slsvc": "Software licensing service version: ",
        "notif": "Notification",
        "unlicensed": "Unlicensed",
        "installed": "Installed product key {key} successfully.",
    },
    "ja": {
        "iid": "インストール ID: ",
        "name": "名前: ",
        "desc": "説明: ",
        "act": "ライセンス認証 ID: ",
        "app": "アプリケーション ID: ",
        "epid": "拡張 PID: ",
        "channel": "プロダクト キー チャネル: ",
        "ppk": "プロダクト キーの一部: ",
        "status": "ライセンスの状態: ",
        "reason": "通知の理由: ",
        "rearm_win": "残りの Windows 再アーム カウント: ",
        "rearm_sku": "残りの SKU 再アーム カウント: ",
        "trusted": "信頼された時刻: ",
        "slsvc": "ソフトウェア ライセンス サービスのバージョン: ",
        "notif": "通知",
        "unlicensed": "ライセンスされていません",
        "installed": "プロダクト キー {key} を正常にインストールしました。",
    },
}

BUILDS = ("10.0.26200.6584", "10.0.26100.4946", "10.0.19045.6332", "10.0.22631.5909", "10.0.20348.4171")


def product_key(rng: random.Random) -> str:
    return "-".join("".join(rng.choice(KEY_CHARS) for _ in range(5)) for _ in range(5))


def guid(rng: random.Random) -> str:
    h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def extended_pid(rng: random.Random, build: str) -> str:
    """Looks like 03612-04xxx-xxx-xxxxxx-03-1041-26100.0000-2652025 (digits, a date at the end)."""
    n = lambda k: "".join(rng.choice("0123456789") for _ in range(k))  # noqa: E731
    lcid = rng.choice(("1041", "1033"))
    day = f"{rng.randint(1, 365):03d}{rng.choice(('2024', '2025'))}"
    return f"0{n(4)}-0{n(4)}-{n(3)}-{n(6)}-03-{lcid}-{build.split('.')[2]}.0000-{day}"


def prompt(shell: str) -> str:
    return "PS C:\\Windows\\system32> " if shell == "powershell" else "C:\\Windows\\system32>"


def console_dti(rng: random.Random, iid: str, lang: str, shell: str) -> list[str]:
    """A console session: version banner, maybe /ipk, then /dti."""
    lab = LABELS[lang]
    build = rng.choice(BUILDS)
    p = prompt(shell)
    lines: list[str] = []
    if shell == "powershell":
        lines += ["Windows PowerShell", "Copyright (C) Microsoft Corporation. All rights reserved.", ""]
    else:
        lines += [
            f"Microsoft Windows [Version {build}]",
            "(c) Microsoft Corporation. All rights reserved.",
            "",
        ]
    if rng.random() < 0.6:
        key = product_key(rng)
        lines += [f"{p}cscript %WinDir%\\system32\\slmgr.vbs /ipk {key}", *WSH_BANNER, ""]
        lines += [lab["installed"].format(key=key), ""]
    lines += [f"{p}cscript %WinDir%\\system32\\slmgr.vbs /dti", *WSH_BANNER, ""]
    lines += [lab["iid"] + iid, "", p]
    return lines


def dlv_block(rng: random.Random, lang: str, iid: str, build: str, esu: bool) -> list[str]:
    lab = LABELS[lang]
    if esu:
        name = "Windows(R), Client-ESU-Year1 add-on for Windows 10"
        desc = "Windows(R) Operating System, Client-ESU-Year1 add-on MAK channel"
        act, channel = ESU_YEAR1, "Volume:MAK"
    else:
        name = rng.choice(("Windows(R), Professional edition", "Windows(R), Enterprise edition"))
        desc = "Windows(R) Operating System, " + rng.choice(("RETAIL channel", "VOLUME_MAK channel"))
        act, channel = guid(rng), rng.choice(("Retail", "Volume:MAK"))
    return [
        lab["name"] + name,
        lab["desc"] + desc,
        lab["act"] + act,
        lab["app"] + WINDOWS_APP_ID,
        lab["epid"] + extended_pid(rng, build),
        lab["channel"] + channel,
        lab["iid"] + iid,
        lab["ppk"] + "".join(rng.choice(KEY_CHARS) for _ in range(5)),
        lab["status"] + (lab["notif"] if not esu else lab["unlicensed"]),
        *([lab["reason"] + "0xC004F034."] if not esu else []),
        lab["rearm_win"] + str(rng.choice((1001, 1000, 999))),
        lab["rearm_sku"] + str(rng.choice((1001, 1000))),
        lab["trusted"]
        + f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2025 {rng.randint(1, 12)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} PM",
    ]


def dlv(rng: random.Random, iid_windows: str, iid_esu: str, lang: str) -> list[str]:
    """`slmgr /dlv all` body (no banner): Windows first, then the ESU add-on."""
    build = rng.choice(("10.0.19045.6332", "10.0.19045.6093"))
    lines = [LABELS[lang]["slsvc"] + build, ""]
    lines += dlv_block(rng, lang, iid_windows, build, esu=False)
    lines += [""] + dlv_block(rng, lang, iid_esu, build, esu=True)
    return lines


def columns(text: str) -> int:
    """Console cells a string takes: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_console(lines: list[str], cols: int) -> list[str]:
    """Hard-wrap as the Windows console does: at the column, mid-word."""
    out: list[str] = []
    for line in lines:
        cur, width = "", 0
        for ch in line:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if width + w > cols:
                out.append(cur)
                cur, width = "", 0
            cur += ch
            width += w
        out.append(cur)
    return out


# --- what the new families print (samples/families.py) ----------------------

WIN7_BUILD = "6.1.7601.17514"
URLS = (
    ("Processor Certificate URL: ", "http://go.microsoft.com/fwlink/?LinkID=88338"),
    ("Machine Certificate URL: ", "http://go.microsoft.com/fwlink/?LinkID=88339"),
    ("Use License URL: ", "http://go.microsoft.com/fwlink/?LinkID=88341"),
    ("Product Key Certificate URL: ", "http://go.microsoft.com/fwlink/?LinkID=88340"),
)


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def phone_number(rng: random.Random, lang: str) -> str:
    """A made-up activation-centre number in the local style (digits a reader must not take for an ID)."""
    if lang == "ja":
        return rng.choice(
            (f"0120-{digits(rng, 3)}-{digits(rng, 3)}", f"03-{digits(rng, 4)}-{digits(rng, 4)}")
        )
    return rng.choice(
        (f"(8{digits(rng, 2)}) 555-{digits(rng, 4)}", f"+1 8{digits(rng, 2)} 555 {digits(rng, 4)}")
    )


def date_time(rng: random.Random) -> str:
    return (
        f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.choice((2019, 2023, 2025, 2026))} "
        f"{rng.randint(1, 12)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} {rng.choice(('AM', 'PM'))}"
    )


def dlv_win7(rng: random.Random, iid: str, lang: str) -> list[str]:
    """``slmgr /dlv`` on Windows 7: URLs, an Extended PID such as 00392-00170-918-500000-03-1033-7601.0000-3122019, rearm count."""
    lab = LABELS[lang]
    edition = rng.choice(("Professional", "Enterprise", "Ultimate"))
    lines = [
        LABELS[lang]["slsvc"] + WIN7_BUILD,
        "",
        lab["name"] + f"Windows(R) 7, {edition} edition",
        lab["desc"]
        + f"Windows Operating System - Windows(R) 7, {rng.choice(('RETAIL', 'OEM_SLP', 'VOLUME_MAK'))} channel",
        lab["act"] + guid(rng),
        lab["app"] + WINDOWS_APP_ID,
        lab["epid"] + extended_pid(rng, WIN7_BUILD).replace("2024", "2019").replace("2025", "2019"),
        lab["iid"] + iid,
        *(a + b for a, b in URLS),
        lab["ppk"] + "".join(rng.choice(KEY_CHARS) for _ in range(5)),
        lab["status"] + lab["notif"],
        lab["reason"] + "0xC004F009 (grace time expired).",
        lab["rearm_win"] + str(rng.randint(0, 3)),
        lab["trusted"] + date_time(rng),
    ]
    return lines


def notes(rng: random.Random, iid: str, lang: str) -> list[str]:
    """An admin's notes file: the IID among numbers that look like IDs (phone, PID, key, dates, GUID)."""
    build = rng.choice(BUILDS)
    ja = lang == "ja"
    rows = [
        ("PC: ", f"PC-{digits(rng, 4)}  ({'資産番号' if ja else 'asset'} {digits(rng, 8)})"),
        ("電話: " if ja else "Phone: ", phone_number(rng, lang)),
        ("日付: " if ja else "Date: ", date_time(rng)),
        ("プロダクト キー: " if ja else "Product key: ", product_key(rng)),
        ("拡張 PID: " if ja else "Extended PID: ", extended_pid(rng, build)),
        ("ライセンス認証 ID: " if ja else "Activation ID: ", guid(rng)),
        ("再アーム: " if ja else "Rearm count: ", str(rng.choice((1001, 3, 2, 1000)))),
    ]
    rng.shuffle(rows)
    cut = rng.randint(2, len(rows))
    lab = LABELS[lang]["iid"].rstrip()
    out = [a + b for a, b in rows[:cut]] + ["", lab, iid, ""] + [a + b for a, b in rows[cut:]]
    return out
