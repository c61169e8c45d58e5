"""Screens the committed samples lack, one family each, named for the benchmark's per-family figures.

Why: the pipeline reads its own generator's pictures well and real screenshots
less well (issue 10). Each family below models one real screen or one thing
real pictures have (a bitmap console font, 96-DPI text with colour fringes,
a browser window at 150 %, recompression, drawings over the screen, a cut
edge, distractor numbers, a second pixelated ID). Scene families build an HTML
scene (rendered by samples/render.py); variation families take a scene of
another family and change the finished picture (samples/variations.py).

Every family that draws the wanted ID marks its digit runs with class ``d``
(``#target`` holds them all), so a variation knows where the digits are.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from activation.ids import CID_48, IID_54, IID_63
from samples import raster, texts
from samples.idgen import groups, make_cid, make_iid
from samples.scenes import DESKTOPS, MONO_LATIN, Scene, _place, esc, page, portal, wallpaper


@dataclass
class Drawn:
    """A scene and what is in it: the wanted ID, other legible IDs, IDs made illegible on purpose."""

    scene: Scene
    digits: str
    others: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


Builder = Callable[[random.Random, str, dict], Drawn]


def _iid(rng: random.Random, meta: dict, short_share: float) -> str:
    short = rng.random() < short_share
    meta["form"] = "iid54" if short else "iid63"
    return make_iid(rng, short=short)


def _gsize(digits: str) -> int:
    return IID_54.size if len(digits) == IID_54.length else IID_63.size


def _wrap_runs(line: str, start: int, length: int, cols: int) -> list[tuple[int, int, int]]:
    """Where ``line[start:start+length]`` lands after a console hard-wraps ``line`` at ``cols``: (row, col0, col1)."""
    runs: list[tuple[int, int, int]] = []
    col = row = 0
    for i, ch in enumerate(line):
        w = 2 if raster.wide(ch) else 1
        if col + w > cols:
            row, col = row + 1, 0
        if start <= i < start + length:
            if runs and runs[-1][0] == row and runs[-1][2] == col:
                runs[-1] = (row, runs[-1][1], col + w)
            else:
                runs.append((row, col, col + w))
        col += w
    return runs


# --- scene families ------------------------------------------------------------


def raster_console(rng: random.Random, lang: str, meta: dict) -> Drawn:
    """Windows 7 cmd or PowerShell in the raster "Terminal" font (grey or white on black or dark blue):
    ``slmgr /dti`` or ``/dlv``, the IID one unbroken run of 54 (Windows 7) or 63 digits, 80 columns."""
    iid = _iid(rng, meta, 0.7)
    shell = rng.choice(("cmd", "powershell"))
    fg, bg = (
        rng.choice((("#c0c0c0", "#000000"), ("#ffffff", "#000000")))
        if shell == "cmd"
        else rng.choice((("#eeedf0", "#012456"), ("#c0c0c0", "#000080")))
    )
    command = rng.choice(("dti", "dlv", "dlv"))
    prompt = "PS C:\\Users\\admin> " if shell == "powershell" else "C:\\Windows\\system32>"
    lines = (
        ["Windows PowerShell", "Copyright (C) 2009 Microsoft Corporation. All rights reserved.", ""]
        if shell == "powershell"
        else [
            "Microsoft Windows [Version 6.1.7601]",
            "Copyright (c) 2009 Microsoft Corporation.  All rights reserved.",
            "",
        ]
    )
    lines += [
        f"{prompt}slmgr.vbs /{command}" if shell == "powershell" else f"{prompt}cscript slmgr.vbs /{command}"
    ]
    lines += [
        "Microsoft (R) Windows Script Host Version 5.8",
        "Copyright (C) Microsoft Corporation. All rights reserved.",
        "",
    ]
    label = texts.LABELS[lang]["iid"]
    body = texts.dlv_win7(rng, iid, lang) if command == "dlv" else [label + iid]
    lines += body + ["", prompt]
    cols = 80
    font = (
        "terminal-8x16"
        if lang == "ja"
        else rng.choice(tuple(f for f in raster.RASTER_FONTS if f != "terminal-8x16"))
    )
    wrapped: list[str] = []
    runs: list[tuple[int, int, int]] = []
    for line in lines:
        if line == label + iid and not runs:
            runs = [(len(wrapped) + r, c0, c1) for r, c0, c1 in _wrap_runs(line, len(label), len(iid), cols)]
        wrapped += texts.wrap_console([line], cols)
    rows = rng.choice((25, 25, 50)) if len(wrapped) < 25 else 50
    first = max(0, len(wrapped) - rows)  # the window shows the bottom of the buffer
    shown = wrapped[first:]
    con = raster.draw(shown, rows, cols, font, fg, bg)
    marks = "".join(
        f"<div class='d' style='position:absolute;left:{x0}px;top:{y0}px;width:{x1 - x0}px;height:{y1 - y0}px'></div>"
        for x0, y0, x1, y1 in (con.box(r - first, c0, c1) for r, c0, c1 in runs)
    )
    boxes = [con.box(r - first, c0, c1) for r, c0, c1 in runs]
    tx0, ty0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    tx1, ty1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    title = ("管理者: " if lang == "ja" else "Administrator: ") + (
        "Windows PowerShell"
        if shell == "powershell"
        else ("コマンド プロンプト" if lang == "ja" else "Command Prompt")
    )
    desk = rng.choice(((1280, 1024), (1366, 768), (1440, 900), (1920, 1080)))
    w, h = con.image.width + 17 + 16, con.image.height + 40
    x, y = _place(rng, desk, w, h)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;padding:0 8px 8px;background:linear-gradient(#b9d1ea,#a6c1df);"
        "border:1px solid #3c4f66;border-radius:6px 6px 0 0;box-shadow:0 6px 24px #0009}"
        ".tb{height:30px;display:flex;align-items:center;font:12px 'DejaVu Sans';color:#000}"
        ".tb span{flex:1}.tb b{width:42px;height:18px;margin-left:2px;border:1px solid #555;border-radius:3px;"
        "background:#d6e3f1}.tb b.x{background:#c75050}"
        f"#con{{position:relative;display:flex;background:{bg}}}#con img{{image-rendering:pixelated;display:block}}"
        ".sb{width:17px;background:#e8e8e8;border-left:1px solid #ccc}"
        f"#target{{position:absolute;left:{tx0}px;top:{ty0}px;width:{tx1 - tx0}px;height:{ty1 - ty0}px}}"
    )
    html_body = (
        f"<div id='window'><div class='tb'><span>{esc(title)}</span><b></b><b></b><b class='x'></b></div>"
        f"<div id='con'><img src='{con.data_uri()}'><div class='sb'></div>{marks}<div id='target'></div></div></div>"
    )
    meta.update(
        shell=shell,
        command=command,
        cols=cols,
        rows=rows,
        font=font,
        font_px=raster.RASTER_FONTS[font][3],
        colours=[fg, bg],
        wrapped=len(runs) > 1,
    )
    return Drawn(Scene(page(html_body, css, wallpaper(rng)), desk, meta=meta, marks=(".d",)), iid)


CIM_FILTER = "PartialProductKey IS NOT NULL"


def powershell_cim(rng: random.Random, lang: str, meta: dict, twin: bool = False) -> Drawn:
    """Windows 10/11 PowerShell (white on #012456, a Consolas look-alike): the label alone on one line and
    the digits on the next: ``Format-Table`` of ``OfflineInstallationId``, the bare property, or a
    third-party key tool printing ``Installation ID:`` above the digits. Product keys, GUIDs, PIDs around it."""
    iid = _iid(rng, meta, 0.2)
    other = make_iid(rng, public_share=0) if twin else None
    style = "table" if twin else rng.choice(("table", "expr", "tool"))
    p = "PS C:\\WINDOWS\\system32> "
    pre: list[str] = ["Windows PowerShell", "Copyright (C) Microsoft Corporation. All rights reserved.", ""]
    post: list[str] = []
    ids = [iid] if other is None else ([iid, other] if rng.random() < 0.5 else [other, iid])
    if style == "table":
        pre += [
            f'{p}Get-CimInstance SoftwareLicensingProduct -Filter "{CIM_FILTER}" | Select-Object OfflineInstallationId',
            "",
            "OfflineInstallationId",
            "---------------------",
        ]
    elif style == "expr":
        pre += [
            f"{p}(Get-CimInstance SoftwareLicensingProduct -Filter \"ApplicationID='{texts.WINDOWS_APP_ID}' "
            f'AND {CIM_FILTER}").OfflineInstallationId'
        ]
    else:
        pre += [
            f"{p}.\\ShowKey.exe",
            f"Product Name: Windows 10 {rng.choice(('Pro', 'Enterprise', 'Education'))}",
            f"Product ID: 00330-{texts.digits(rng, 5)}-{texts.digits(rng, 5)}-AA{texts.digits(rng, 3)}",
            f"Installed Key: {texts.product_key(rng)}",
            f"Extended PID: {texts.extended_pid(rng, rng.choice(texts.BUILDS))}",
            f"Activation ID: {texts.guid(rng)}",
            "Installation ID:",
        ]
        post += [f"Last check: {texts.date_time(rng)}"]
    post += ["", p]
    font = rng.choice(MONO_LATIN)
    size = rng.choice((14, 15, 16, 18))
    cols = rng.choice((100, 120, 120))
    lh = round(size * 1.2)
    out = [f"<div>{esc(x) or '&nbsp;'}</div>" for line in pre for x in texts.wrap_console([line], cols)]
    for d in ids:
        cls = "d" if d == iid else "o"
        ident = " id='target'" if d == iid else ""
        out.append(f"<div><span class='{cls}'{ident}>{d}</span></div>")
    out += [f"<div>{esc(x) or '&nbsp;'}</div>" for line in post for x in texts.wrap_console([line], cols)]
    desk = rng.choice(((1920, 1080), (1600, 900), (1366, 768)))
    width = int(cols * size * 0.6) + 40
    rows = max(len(out) + 2, 22)
    x, y = _place(rng, desk, width, rows * lh + 40)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;width:{width}px;background:#012456;border:1px solid #1883d7;"
        "box-shadow:0 8px 30px #0008}.tb{height:30px;background:#fff;font:12px 'DejaVu Sans';display:flex;"
        "align-items:center;padding-left:10px}"
        f"#con{{color:#eeedf0;font-family:'{font}',monospace;font-size:{size}px;line-height:{lh}px;padding:4px 22px 6px 6px;"
        f"height:{rows * lh}px;white-space:pre;overflow:hidden}}"
    )
    title = ("管理者: " if lang == "ja" else "Administrator: ") + "Windows PowerShell"
    body = f"<div id='window'><div class='tb'>{esc(title)}</div><div id='con'>{''.join(out)}</div></div>"
    meta.update(style=style, font=font, font_px=size, cols=cols)
    return Drawn(
        Scene(page(body, css, wallpaper(rng)), desk, meta=meta, marks=(".d", ".o")),
        iid,
        [other] if other else [],
    )


UI_96DPI = {  # look-alikes from Debian fonts: Segoe UI -> Open Sans; Meiryo UI -> VL PGothic; Yu Gothic UI -> Noto Sans CJK JP
    "en": ("Open Sans", "Open Sans", "DejaVu Sans", "Liberation Sans"),
    "ja": ("VL PGothic", "Noto Sans CJK JP"),
}


def msgbox_96dpi(rng: random.Random, lang: str, meta: dict, twin: bool = False) -> Drawn:
    """The "Windows Script Host" box of ``slmgr /dti`` or ``/dlv`` at 100 % scaling (96 DPI): 11-14 px
    Segoe UI / Meiryo UI / Yu Gothic UI look-alikes, ClearType-like colour fringes, each IID wrapped with
    its last digits alone on the next line (``/dlv`` shows two: Windows and an ESU add-on)."""
    iid = _iid(rng, meta, 0.2)
    font = rng.choice(UI_96DPI[lang])
    size = rng.choice((11, 12, 12, 13, 14))
    lab = texts.LABELS[lang]["iid"]
    dlv = twin or rng.random() < 0.45
    esu = make_iid(rng, public_share=0) if dlv else None
    lines = texts.dlv(rng, iid, esu, lang) if esu else [lab + iid]
    # wrap so that the last 1-12 digits go to the next line, as the real box does for its width
    tail = rng.randint(1, 12)
    width = size * (0.57 if lang == "en" else 0.56) * (len(lab) + len(iid) - tail) + (
        size if lang == "ja" else 0
    )
    width = int(width * rng.uniform(0.97, 1.03))
    parts = []
    for line in lines:
        if line.startswith(lab):
            d = line[len(lab) :]
            cls, ident = ("d", " id='target'") if d == iid else ("o", "")
            parts.append(f"<div>{esc(lab)}<span class='{cls}'{ident}>{d}</span></div>")
        else:
            parts.append(f"<div>{esc(line) or '&nbsp;'}</div>")
    cleartype = rng.random() < 0.7
    hinting = rng.choice(("full", "full", "none"))  # GDI snaps glyphs to the pixel grid
    desk = (int(width) + 260, max(300, len(lines) * int(size * 1.4) + 220))
    x, y = rng.randint(0, 100), rng.randint(0, 60)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;background:#fff;border:1px solid #2b79c2;"
        f"box-shadow:0 6px 20px #0006;font-family:'{font}';font-size:{size}px;color:#000}}"
        f".tb{{height:30px;display:flex;align-items:center;padding-left:8px;font-size:12px}}.tb span{{flex:1}}"
        ".tb b{font-weight:normal;width:46px;text-align:center}"
        f".msg{{padding:16px 24px 24px 16px;width:{int(width) + 40}px;word-break:break-all;line-height:1.3}}"
        f".ft{{background:#f0f0f0;padding:10px;text-align:right}}.ok{{display:inline-block;width:75px;height:23px;"
        "border:1px solid #0078d7;background:#e1e1e1;text-align:center;line-height:21px}"
    )
    body = (
        "<div id='window'><div class='tb'><span>Windows Script Host</span><b>&#x2715;</b></div>"
        f"<div class='msg'>{''.join(parts)}</div><div class='ft'><span class='ok'>OK</span></div></div>"
    )
    meta.update(
        font=font, font_px=size, digit_px=round(size * 0.72, 1), cleartype=cleartype, dlv=dlv, hinting=hinting
    )
    scene = Scene(
        page(body, css, wallpaper(rng)),
        desk,
        scale=3.0 if cleartype else 1.0,
        meta=meta,
        marks=(".d", ".o"),
        hinting=hinting,
    )
    return Drawn(scene, iid, [esu] if esu else [])


PHONE_TEXT = {
    "en": (
        "Windows Activation",
        "Step 1: Call the number below.",
        "Step 2: Provide your installation ID.",
        "Step 3: Enter your confirmation ID.",
        "Activate Windows",
        "Cancel",
    ),
    "ja": (
        "Windows のライセンス認証",
        "手順 1: 次の番号に電話してください。",
        "手順 2: インストール ID を伝えてください。",
        "手順 3: 確認 ID を入力してください。",
        "Windows のライセンス認証",
        "キャンセル",
    ),
}


def win_phone_activation(rng: random.Random, lang: str, meta: dict) -> Drawn:
    """The blue "Activate by phone" page of Windows 8/10 (``slui 4``): the phone number, the IID in a
    numbered grid (one row of nine, or 3 x 3), the CID boxes A-H empty, part-typed or full."""
    iid = _iid(rng, meta, 0.15)
    t = PHONE_TEXT[lang]
    size = rng.choice((14, 15, 16, 18))
    font = rng.choice(UI_96DPI[lang])
    grid = rng.choice(("row9", "3x3"))
    gs = groups(iid, _gsize(iid))
    cells = "".join(
        f"<div class='c'><i>{i + 1}</i><span class='d'>{g}</span></div>" for i, g in enumerate(gs)
    )
    cid = make_cid(rng)
    typed = rng.choice((0, 0, rng.randint(1, 7), 8))
    boxes = "".join(
        f"<div class='c'><i>{a}</i><u>{g if i < typed else ''}</u></div>"
        for i, (a, g) in enumerate(zip("ABCDEFGH", groups(cid, CID_48.size), strict=True))
    )
    blue = rng.choice(("#1e4e8c", "#0a3b7a", "#123f8c", "#003399", "#1c5aa6"))
    phone = texts.phone_number(rng, lang)
    w = size * (52 if grid == "row9" else 46) + 110  # room for the eight CID boxes
    desk = rng.choice(DESKTOPS)
    x, y = _place(rng, desk, w, size * 28)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;width:{w}px;background:{blue};color:#fff;font-family:'{font}';"
        f"font-size:{size}px;box-shadow:0 10px 40px #0008}}.tb{{background:#fff;color:#000;height:30px;font-size:12px;"
        "display:flex;align-items:center;padding-left:10px}"
        f".in{{padding:{size}px {size * 2}px}}h1{{font-weight:300;font-size:{size * 2}px;margin:0 0 {size}px}}"
        ".g{display:grid;gap:6px 14px;margin:8px 0 18px;justify-content:start}"
        f".g.row9{{grid-template-columns:repeat(9,auto)}}.g.x3{{grid-template-columns:repeat(3,auto)}}"
        ".g.b{grid-template-columns:repeat(8,auto)}"
        ".c i{display:block;font-style:normal;font-size:0.85em;opacity:.8}"
        f".c u{{display:block;text-decoration:none;background:#fff;color:#000;width:{size * 4.4}px;height:{size + 12}px;"
        "padding:3px 5px;border:1px solid #777}.btn{display:inline-block;border:2px solid #fff;padding:4px 20px;margin-right:8px}"
    )
    gcls = "row9" if grid == "row9" else "x3"
    body = (
        f"<div id='window'><div class='tb'>{esc(t[0])}</div><div class='in'><h1>{esc(t[0])}</h1>"
        f"<p>{esc(t[1])}</p><p style='font-size:1.3em'>{phone}</p><p>{esc(t[2])}</p>"
        f"<div id='target' class='g {gcls}'>{cells}</div><p>{esc(t[3])}</p><div class='g b'>{boxes}</div>"
        f"<p><span class='btn'>{esc(t[4])}</span><span class='btn'>{esc(t[5])}</span></p></div></div>"
    )
    meta.update(font=font, font_px=size, grid=grid, cid_typed=typed, background=blue)
    return Drawn(
        Scene(page(body, css, wallpaper(rng)), desk, meta=meta, marks=(".d",)),
        iid,
        [cid] if typed == 8 else [],
    )


def office_wizard(rng: random.Random, lang: str, meta: dict) -> Drawn:
    """The Microsoft Office Activation Wizard, "activate by telephone": the phone numbers, the IID on one
    line (nine groups, numbered 1-9 above them or not), the CID boxes A-H below."""
    iid = _iid(rng, meta, 0.3)
    size = rng.choice((12, 13, 14, 15))
    font = rng.choice(UI_96DPI[lang])
    gs = groups(iid, _gsize(iid))
    numbered = rng.random() < 0.5
    cells = "".join(
        f"<span class='g'>{f'<i>{i + 1}</i>' if numbered else ''}<span class='d'>{g}</span></span>"
        for i, g in enumerate(gs)
    )
    boxes = "".join(f"<span class='bx'><i>{a}</i><u></u></span>" for a in "ABCDEFGH")
    ja = lang == "ja"
    title = "Microsoft Office ライセンス認証ウィザード" if ja else "Microsoft Office Activation Wizard"
    s = (
        (
            "手順 1: 国または地域を選択してください: 日本",
            "手順 2: ライセンス認証センターに電話してください:",
            "手順 3: 次のインストール ID を伝えてください:",
            "手順 4: 確認 ID を入力してください:",
        )
        if ja
        else (
            "Step 1: Select your location: United States",
            "Step 2: Call a number below:",
            "Step 3: Provide the installation ID below:",
            "Step 4: Enter the confirmation ID that you receive:",
        )
    )
    toll = texts.phone_number(rng, lang)
    desk = rng.choice(DESKTOPS)
    w = int(size * (48 if _gsize(iid) == 7 else 44))
    x, y = _place(rng, desk, w, size * 30)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;width:{w}px;background:#f0f0f0;color:#000;font-family:'{font}';"
        f"font-size:{size}px;border:1px solid #6d8db5;box-shadow:0 8px 30px #0008}}"
        ".tb{height:28px;background:linear-gradient(#dbe7f5,#c3d6ee);display:flex;align-items:center;padding-left:8px;font-size:12px}"
        f".in{{padding:{size}px {size * 1.5}px;background:#fff;margin:0}}h2{{color:#d83b01;font-size:{size + 5}px;font-weight:normal}}"
        ".line{white-space:nowrap;margin:6px 0 14px}.g{display:inline-block;margin-right:0.7em;text-align:center}"
        ".g i,.bx i{display:block;font-style:normal;color:#555;font-size:0.85em}"
        f".bx{{display:inline-block;margin-right:6px}}.bx u{{display:block;width:{size * 4}px;height:{size + 8}px;"
        "background:#fff;border:1px solid #7a7a7a}.ft{padding:10px;text-align:right}"
        ".ft span{display:inline-block;border:1px solid #707070;background:#e5e5e5;padding:3px 16px;margin-left:6px}"
    )
    body = (
        f"<div id='window'><div class='tb'>{esc(title)}</div><div class='in'><h2>{'電話によるライセンス認証' if ja else 'Activate by telephone'}</h2>"
        f"<p>{esc(s[0])}</p><p>{esc(s[1])}<br>{'フリーダイヤル' if ja else 'Toll free'}: {toll}</p><p>{esc(s[2])}</p>"
        f"<div class='line' id='target'>{cells}</div><p>{esc(s[3])}</p><div>{boxes}</div></div>"
        f"<div class='ft'><span>{'戻る' if ja else 'Back'}</span><span>{'次へ' if ja else 'Next'}</span>"
        f"<span>{'キャンセル' if ja else 'Cancel'}</span></div></div>"
    )
    meta.update(font=font, font_px=size, numbered=numbered)
    meta["hinting"] = rng.choice(("full", "none"))
    scene = Scene(page(body, css, wallpaper(rng)), desk, meta=meta, marks=(".d",), hinting=meta["hinting"])
    return Drawn(scene, iid)


VAMT_COLS = {
    "en": (
        "Computer Name",
        "Product",
        "Product Key Type",
        "License Status",
        "Installation ID",
        "Confirmation ID",
    ),
    "ja": (
        "コンピューター名",
        "製品",
        "プロダクト キーの種類",
        "ライセンスの状態",
        "インストール ID",
        "確認 ID",
    ),
}


def vamt_list(rng: random.Random, lang: str, meta: dict) -> Drawn:
    """VAMT 3.1's product list (MMC): one row per machine, an Installation ID column holding the unbroken
    IID of the selected row; other rows are licensed or have an ID of their own (the first one is wanted)."""
    iid = _iid(rng, meta, 0.2)
    cols = VAMT_COLS[lang]
    n = rng.randint(2, 6)
    want = rng.randrange(n)
    second = rng.random() < 0.3
    others: list[str] = []
    rows = []
    for i in range(n):
        name = f"PC-{texts.digits(rng, 4)}"
        prod = rng.choice(
            ("Windows 10 Enterprise", "Windows 11 Pro", "Office 16, Office16ProPlusVL_MAK edition")
        )
        if i == want:
            cell, status = (
                f"<span class='d' id='target'>{iid}</span>",
                ("通知" if lang == "ja" else "Notification"),
            )
        elif second and i > want and not others:
            o = make_iid(rng, public_share=0)
            others.append(o)
            cell, status = o, ("猶予期間" if lang == "ja" else "Out-of-Box Grace")
        else:
            cell, status = "", ("ライセンス認証済み" if lang == "ja" else "Licensed")
        sel = " class='sel'" if i == want else ""
        rows.append(
            f"<tr{sel}><td>{name}</td><td>{esc(prod)}</td><td>MAK</td><td>{status}</td><td>{cell}</td><td></td></tr>"
        )
    size = rng.choice((12, 13, 14))
    font = rng.choice(UI_96DPI[lang])
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    desk = rng.choice(((1920, 1080), (1600, 900), (1680, 1050)))
    title = "ボリューム ライセンス認証管理ツール" if lang == "ja" else "Volume Activation Management Tool"
    tree = "".join(
        f"<div style='padding-left:{d * 14}px'>{esc(t)}</div>"
        for d, t in (
            (0, "VAMT 3.1"),
            (1, "Products" if lang == "en" else "製品"),
            (2, "Windows"),
            (2, "Office"),
            (1, "Product Keys" if lang == "en" else "プロダクト キー"),
            (1, "Active Directory"),
        )
    )
    css = (
        f"#window{{position:absolute;left:0;top:0;width:{desk[0]}px;height:{desk[1] - 40}px;background:#fff;"
        f"font-family:'{font}';font-size:{size}px;display:flex;flex-direction:column}}"
        ".tb{height:30px;display:flex;align-items:center;padding-left:10px;font-size:12px;border-bottom:1px solid #ddd}"
        ".menu{padding:3px 8px;border-bottom:1px solid #ddd}.main{flex:1;display:flex}"
        ".tree{width:200px;border-right:1px solid #ccc;padding:6px}.list{flex:1;overflow:hidden}"
        ".act{width:220px;border-left:1px solid #ccc;padding:6px;background:#f7f7f7}"
        "table{border-collapse:collapse;white-space:nowrap}th{font-weight:normal;text-align:left;"
        "border-right:1px solid #ddd;border-bottom:1px solid #ddd;padding:3px 8px;background:#fafafa}"
        "td{padding:3px 8px}tr.sel td{background:#cce8ff}.taskbar{height:40px;background:#1f1f1f}"
    )
    body = (
        f"<div id='window'><div class='tb'>{esc(title)}</div><div class='menu'>{'ファイル 操作 表示 ヘルプ' if lang == 'ja' else 'File Action View Help'}</div>"
        f"<div class='main'><div class='tree'>{tree}</div><div class='list'><table><tr>{head}</tr>{''.join(rows)}</table></div>"
        f"<div class='act'>{'操作' if lang == 'ja' else 'Actions'}<br>Windows<br>{'ライセンス認証のインストール' if lang == 'ja' else 'Install Confirmation ID'}</div></div></div>"
        "<div class='taskbar' style='position:absolute;bottom:0;left:0;right:0'></div>"
    )
    meta.update(font=font, font_px=size, rows=n, selected=want)
    meta["hinting"] = rng.choice(("full", "none"))
    scene = Scene(page(body, css, "#fff"), desk, meta=meta, marks=(".d",), hinting=meta["hinting"])
    return Drawn(scene, iid, others)


def browser_150(rng: random.Random, lang: str, meta: dict) -> Drawn:
    """The portal's Confirmation ID page at 150 % display scaling inside a whole browser window:
    tab strip, toolbar with the address, bookmarks bar, a side bar; the screenshot is the whole screen."""
    cid = make_cid(rng)
    meta.update(
        form="cid48",
        theme=rng.choice(("light", "light", "dark")),
        frame="desktop",
        layout=rng.choice(("card_5x3", "card_5x3", "card_row8", "card_4x2", "card_list")),
    )
    inner = portal(rng, cid, None, lang, meta)
    vw, vh = rng.choice(((1280, 720), (1280, 800), (1366, 768)))
    side = rng.choice(("left", "right"))
    dark = meta["theme"] == "dark"
    chrome_bg, chrome_fg = ("#202124", "#e8eaed") if dark else ("#dee1e6", "#202124")
    srcdoc = html.escape(inner.html, quote=True)
    css = (
        f"#browser{{position:absolute;inset:0;display:flex;flex-direction:column;background:{chrome_bg};"
        f"color:{chrome_fg};font:12px 'DejaVu Sans'}}.tabs{{height:34px;display:flex;align-items:end;padding-left:8px}}"
        f".tab{{background:{'#35363a' if dark else '#fff'};padding:7px 14px;border-radius:8px 8px 0 0;width:220px}}"
        f".tool{{height:38px;display:flex;align-items:center;gap:12px;padding:0 10px;background:{'#35363a' if dark else '#fff'}}}"
        f".url{{flex:1;background:{'#202124' if dark else '#f1f3f4'};border-radius:14px;padding:6px 14px}}"
        f".bm{{height:26px;padding:4px 12px;background:{'#35363a' if dark else '#fff'};border-bottom:1px solid #8884}}"
        ".body{flex:1;display:flex}iframe{flex:1;border:0;background:#fff}"
        f".side{{width:{rng.choice((44, 48, 240))}px;background:{'#2b2b2b' if dark else '#f7f7f7'};border:1px solid #8883}}"
    )
    sidebar = "<div class='side'></div>"
    frame = f"<iframe id='site' srcdoc=\"{srcdoc}\"></iframe>"
    body = (
        f"<div id='browser'><div class='tabs'><div class='tab'>{'製品のライセンス認証' if lang == 'ja' else 'Product Activation'}</div></div>"
        "<div class='tool'>&#x2190; &#x2192; &#x21bb;<div class='url'>visualsupport.microsoft.com/ja-jp/aoh</div>&#x2606; &#x22ee;</div>"
        f"<div class='bm'>{'ブックマーク' if lang == 'ja' else 'Bookmarks'} | Microsoft | Intranet</div>"
        f"<div class='body'>{sidebar + frame if side == 'left' else frame + sidebar}</div></div>"
    )
    meta.update(viewport=[vw, vh], scale=1.5, sidebar=side)
    scene = Scene(
        page(body, css, chrome_bg), (vw, vh), scale=1.5, window="#browser", frame="#site", meta=meta
    )
    return Drawn(scene, cid)


def notes_window(rng: random.Random, lang: str, meta: dict) -> Drawn:
    """A Notepad window with an admin's notes: the IID alone on the line under its label, amid a phone
    number, a date, a product key, an Extended PID, a GUID and a rearm count (numbers that are not the ID)."""
    iid = _iid(rng, meta, 0.2)
    lines = texts.notes(rng, iid, lang)
    grouped = rng.random() < 0.3  # the admin typed it in groups
    shown = "-".join(groups(iid, _gsize(iid))) if grouped else iid
    font = rng.choice(("Liberation Mono", "DejaVu Sans Mono", "Noto Sans Mono CJK JP"))
    size = rng.choice((14, 15, 16, 18))
    parts = [
        f"<div><span class='d' id='target'>{shown}</span></div>"
        if ln == iid
        else f"<div>{esc(ln) or '&nbsp;'}</div>"
        for ln in lines
    ]
    desk = rng.choice(DESKTOPS)
    w = int(size * 0.62 * 80) + 40
    x, y = _place(rng, desk, w, size * 30)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;width:{w}px;background:#fff;border:1px solid #888;"
        "box-shadow:0 8px 30px #0008}.tb{height:30px;display:flex;align-items:center;padding-left:10px;font:12px 'DejaVu Sans'}"
        ".menu{font:12px 'DejaVu Sans';padding:3px 8px;border-bottom:1px solid #ddd}"
        f".ed{{font-family:'{font}',monospace;font-size:{size}px;padding:4px 6px;white-space:pre;min-height:{size * 22}px}}"
    )
    body = (
        f"<div id='window'><div class='tb'>activation.txt - {'メモ帳' if lang == 'ja' else 'Notepad'}</div>"
        f"<div class='menu'>{'ファイル(F) 編集(E) 書式(O) 表示(V) ヘルプ(H)' if lang == 'ja' else 'File Edit Format View Help'}</div>"
        f"<div class='ed'>{''.join(parts)}</div></div>"
    )
    meta.update(font=font, font_px=size, grouped=grouped)
    return Drawn(Scene(page(body, css, wallpaper(rng)), desk, meta=meta, marks=(".d",)), iid)


# --- the registry ----------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One family: its kind, how its scene is built, and (variation families) what is done to the picture."""

    name: str
    kind: str
    build: Builder
    photo_share: float = 0.0  # how many of its pictures are phone photos of the monitor
    variation: str | None = None  # samples.variations function applied to the finished screenshot

    @property
    def doc(self) -> str:
        from samples import variations

        fn = getattr(variations, self.variation) if self.variation else self.build
        return " ".join((fn.__doc__ or "").split())


def _pick(pool: tuple[Builder, ...]) -> Builder:
    def build(rng: random.Random, lang: str, meta: dict) -> Drawn:
        base = rng.choice(pool)
        meta["base"] = base.__name__
        return base(rng, lang, meta)

    return build


def _twin(rng: random.Random, lang: str, meta: dict) -> Drawn:
    base = rng.choice((powershell_cim, msgbox_96dpi))
    meta["base"] = base.__name__
    return base(rng, lang, meta, twin=True)


def _any_cid(rng: random.Random, lang: str, meta: dict) -> Drawn:
    return browser_150(rng, lang, meta)


IID_SCENES: tuple[Builder, ...] = (
    raster_console,
    powershell_cim,
    msgbox_96dpi,
    win_phone_activation,
    office_wizard,
    vamt_list,
    notes_window,
)

FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family("raster_console", "iid", raster_console, photo_share=0.3),
        Family("powershell_cim", "iid", powershell_cim, photo_share=0.3),
        Family("msgbox_96dpi", "iid", msgbox_96dpi),
        Family("win_phone_activation", "iid", win_phone_activation, photo_share=0.3),
        Family("office_wizard", "iid", office_wizard, photo_share=0.3),
        Family("vamt_list", "iid", vamt_list, photo_share=0.2),
        Family("notes_window", "iid", notes_window),
        Family("browser_150", "cid", browser_150),
        Family("recompressed", "iid", _pick(IID_SCENES), variation="recompressed"),
        Family("recompressed_cid", "cid", _any_cid, variation="recompressed"),
        Family("annotated", "iid", _pick(IID_SCENES), variation="annotated"),
        Family("edge_cut", "iid", _pick(IID_SCENES), variation="edge_cut"),
        Family("screen_of_screen", "iid", _pick(IID_SCENES), variation="screen_of_screen"),
        Family("large_desktop", "iid", _pick(IID_SCENES), variation="large_desktop"),
        Family("redacted_twin", "iid", _twin, variation="redacted_twin"),
    )
}
