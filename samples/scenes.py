"""HTML for every scene: consoles, message boxes, the slui/portal grids, the portal's CID card.

Why HTML: headless Chromium draws text the way a real screen does (hinting,
anti-aliasing, font fallback for Japanese), which Pillow does not.
Every visual choice (font, size, colours, window size and position) is drawn
from the seeded ``rng``, so another seed gives pictures never seen before.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from samples.idgen import groups

MONO_LATIN = ("DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono", "Nimbus Mono PS")
MONO_JA = ("Noto Sans Mono CJK JP",)
UI_SANS = ("Noto Sans CJK JP", "Liberation Sans", "DejaVu Sans", "Nimbus Sans")
CONSOLE_SCHEMES = (  # (text, background)
    ("#cccccc", "#0c0c0c"),
    ("#c0c0c0", "#000000"),
    ("#f2f2f2", "#0c0c0c"),
    ("#bbbbbb", "#1e1e1e"),
)
POWERSHELL_SCHEME = ("#eeedf0", "#012456")
DESKTOPS = ((1366, 768), (1600, 900), (1920, 1080), (1280, 1024), (1440, 900))


@dataclass
class Scene:
    html: str
    viewport: tuple[int, int]
    scale: float = 1.0
    target: str = "#target"  # the element that holds the wanted ID
    window: str = "#window"  # what an Alt+PrintScreen screenshot would hold
    meta: dict = field(default_factory=dict)
    frame: str | None = None  # the iframe that holds ``target``, if any
    hinting: str = "none"  # Chromium's --font-render-hinting for this scene (none, slight, medium, full)
    marks: tuple[str, ...] = ()  # more selectors whose boxes the renderer reports (e.g. ".d": digit runs)


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def wallpaper(rng: random.Random) -> str:
    hue = rng.choice((205, 215, 225, 260, 190, 30, 140))
    x, y = rng.randint(20, 80), rng.randint(20, 80)
    return (
        f"radial-gradient(ellipse at {x}% {y}%, hsl({hue} 70% 55%) 0%, hsl({hue} 60% 30%) 45%, "
        f"hsl({hue + 10} 50% 12%) 100%)"
    )


def page(body: str, css: str, bg: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "*{box-sizing:border-box}html,body{margin:0;padding:0;height:100%}"
        f"body{{background:{bg};overflow:hidden;-webkit-font-smoothing:antialiased}}{css}"
        f"</style></head><body>{body}</body></html>"
    )


def _title_bar(title: str, dark: bool, font: str, size: int) -> str:
    fg, bg = ("#ffffff", "#202020") if dark else ("#000000", "#ffffff")
    return (
        f"<div style='height:{size * 2 + 6}px;background:{bg};color:{fg};display:flex;align-items:center;"
        f'font:{size}px "{font}";padding-left:10px;border-bottom:1px solid #0003\'>'
        f"<span style='display:inline-block;width:{size}px;height:{size}px;background:#333;border:1px solid #888;"
        f"margin-right:8px'></span><span style='flex:1'>{esc(title)}</span>"
        f"<span style='width:46px;text-align:center'>&#x2014;</span><span style='width:46px;text-align:center'>"
        f"&#x2610;</span><span style='width:46px;text-align:center'>&#x2715;</span></div>"
    )


def _place(rng: random.Random, desk: tuple[int, int], w: int, h: int) -> tuple[int, int]:
    return rng.randint(0, max(0, desk[0] - w)), rng.randint(0, max(0, desk[1] - h))


def console(
    rng: random.Random, lines: list[str], lang: str, target: tuple[int, int] | None, meta: dict
) -> Scene:
    """A cmd / PowerShell window; lines ``target[0]:target[1]`` (already wrapped) hold the wanted ID."""
    shell = meta.get("shell", "cmd")
    cols = meta["cols"]
    font = MONO_JA[0] if lang == "ja" else rng.choice(MONO_LATIN)
    desk = rng.choice(DESKTOPS)
    size = rng.choice((14, 15, 16, 16, 18, 20))
    ratio = rng.uniform(1.15, 1.3)
    while size > 12 and (len(lines) + 3) * size * ratio + 60 > desk[1]:
        size -= 1
    lh = round(size * ratio)
    fg, bg = POWERSHELL_SCHEME if shell == "powershell" else rng.choice(CONSOLE_SCHEMES)
    rows = max(len(lines) + rng.randint(1, 6), rng.choice((20, 25, 30)))
    rows = min(rows, max(len(lines) + 1, (desk[1] - 60) // lh))
    title = {
        ("cmd", "en"): "Administrator: Command Prompt",
        ("cmd", "ja"): "管理者: コマンド プロンプト",
        ("powershell", "en"): "Administrator: Windows PowerShell",
        ("powershell", "ja"): "管理者: Windows PowerShell",
    }[(shell, lang)]
    # Japanese consoles (MS Gothic) draw the backslash as a yen sign
    yen = lang == "ja" and rng.random() < 0.6
    if yen:
        lines = [line.replace("\\", "\u00a5") for line in lines]
    meta["yen_backslash"] = yen
    out = []
    for i, line in enumerate(lines):
        if target and i == target[0]:
            out.append("<div id='target'>")
        out.append(f"<div class='ln'>{esc(line) or '&nbsp;'}</div>")
        if target and i == target[1] - 1:
            out.append("</div>")
    dark_title = rng.random() < 0.5
    width = int(cols * size * 0.6) + 40
    height = rows * lh + 2 * size + 20
    x, y = _place(rng, desk, width, height)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;width:{width}px;border:1px solid #555;"
        f"box-shadow:0 8px 30px #0008;background:{bg}}}"
        f"#con{{color:{fg};background:{bg};font-family:'{font}',monospace;font-size:{size}px;line-height:{lh}px;"
        f"padding:4px 22px 6px 6px;height:{rows * lh + 10}px;overflow:hidden;position:relative;white-space:pre}}"
        "#con:after{content:'';position:absolute;right:0;top:0;bottom:0;width:17px;background:#2b2b2b}"
        "#target{display:inline-block}"
    )
    body = f"<div id='window'>{_title_bar(title, dark_title, UI_SANS[0], 12)}<div id='con'>{''.join(out)}</div></div>"
    meta.update(font=font, font_px=size, colours=[fg, bg])
    return Scene(page(body, css, wallpaper(rng)), desk, meta=meta)


def _msgbox_css(
    rng: random.Random, desk: tuple[int, int], size: int, font: str, textw: int, height: int
) -> str:
    x, y = _place(rng, desk, textw + 120, height)
    return (
        f"#window{{position:absolute;left:{x}px;top:{y}px;background:#fff;border:1px solid #6b6b6b;"
        f"box-shadow:0 10px 40px #0007;font-family:'{font}';font-size:{size}px;color:#000;min-width:200px}}"
        f".tb{{height:{size * 2 + 8}px;display:flex;align-items:center;padding-left:12px;font-size:{size}px}}"
        f".tb span{{flex:1}}.tb b{{font-weight:normal;width:46px;text-align:center}}"
        f".msg{{padding:{size + 6}px {size * 2}px {size * 2}px {size + 6}px;max-width:{textw}px;"
        f"word-break:break-all;line-height:1.35}}"
        f".ft{{background:#f0f0f0;padding:{size}px;text-align:right}}"
        f".ok{{display:inline-block;min-width:{size * 6}px;text-align:center;border:1px solid #0078d7;"
        f"background:#e1e1e1;padding:3px 8px;outline:1px dotted #000;outline-offset:-4px}}"
    )


def msgbox(rng: random.Random, lines: list[str], lang: str, target_line: int, meta: dict) -> Scene:
    """The 'Windows Script Host' message box: the ID wraps onto a second line."""
    font = rng.choice(("Noto Sans CJK JP", "Liberation Sans", "DejaVu Sans"))
    if lang == "ja":
        font = "Noto Sans CJK JP"
    size = rng.choice((12, 12, 15, 18))  # 100 %, 125 %, 150 % display scaling
    textw = int(size * rng.uniform(26, 38))
    desk = rng.choice(DESKTOPS)
    if len(lines) > 3:  # /dlv in a box: Windows makes it as wide as needed to fit the screen
        desk = rng.choice(((1920, 1080), (1600, 900), (1440, 900)))
        size = 12
        textw = int(size * rng.uniform(44, 60))
    # Windows breaks at spaces and only breaks a word longer than the line; some viewers break anywhere
    wrap = rng.choice(("anywhere", "break-all"))
    parts = []
    for i, line in enumerate(lines):
        ident = " id='target'" if i == target_line else ""
        parts.append(f"<div{ident}>{esc(line) or '&nbsp;'}</div>")
    body = (
        "<div id='window'><div class='tb'><span>Windows Script Host</span><b>&#x2715;</b></div>"
        f"<div class='msg'>{''.join(parts)}</div><div class='ft'><span class='ok'>OK</span></div></div>"
    )
    meta.update(font=font, font_px=size, text_width=textw, wrap=wrap)
    css = _msgbox_css(rng, desk, size, font, textw, int(size * 1.35 * len(lines) * 1.15) + 110)
    if wrap == "anywhere":
        css += ".msg{word-break:normal;overflow-wrap:anywhere}"
    return Scene(page(body, css, wallpaper(rng)), desk, meta=meta)


def iid_grid(rng: random.Random, iid: str, lang: str, meta: dict) -> Scene:
    """slui-style dialog: numbers 1..9 over the groups in one row, or the portal's 3x3 numbered boxes."""
    size_g = 7 if len(iid) == 63 else 6
    gs = groups(iid, size_g)
    font = rng.choice(UI_SANS) if lang == "en" else "Noto Sans CJK JP"
    size = rng.choice((13, 14, 15, 16, 18))
    desk = rng.choice(DESKTOPS)
    if meta["layout"] == "grid_row9":
        head = "".join(f"<th>{i + 1}</th>" for i in range(9))
        row = "".join(f"<td>{g}</td>" for g in gs)
        title = "Windows のライセンス認証" if lang == "ja" else "Windows Activation"
        text = (
            "手順 2: インストール ID を入力してください"
            if lang == "ja"
            else "Step 2: Provide your Installation ID"
        )
        inner = (
            f"<p>{text}</p><table id='target'><tr>{head}</tr><tr>{row}</tr></table>"
            f"<p>{'手順 3: 確認 ID を入力してください' if lang == 'ja' else 'Step 3: Enter confirmation ID'}</p>"
            "<div class='boxes'>" + "".join(f"<span><i>{c}</i><u></u></span>" for c in "ABCDEFGH") + "</div>"
        )
    else:
        title = "Microsoft 製品のライセンス認証" if lang == "ja" else "Activate a Microsoft product"
        cells = "".join(
            f"<div class='cell'><i>{i + 1}</i><span class='in'>{g}</span></div>" for i, g in enumerate(gs)
        )
        text = "インストール ID を入力してください" if lang == "ja" else "Enter your Installation ID"
        inner = f"<p>{text}</p><div id='target' class='g3'>{cells}</div><p><span class='btn'>{'送信' if lang == 'ja' else 'Submit'}</span></p>"
    pad = rng.randint(12, 30)
    x, y = _place(rng, desk, size * 45, size * 20)
    css = (
        f"#window{{position:absolute;left:{x}px;top:{y}px;background:#fff;color:#1b1b1b;font-family:'{font}';"
        f"font-size:{size}px;border:1px solid #888;box-shadow:0 10px 40px #0007}}"
        f".in-body{{padding:{pad}px}}table{{border-collapse:collapse}}th{{font-weight:normal;color:#555;padding:2px 6px}}"
        f"td{{padding:2px 6px;font-size:{size + 2}px;letter-spacing:0.03em}}"
        f".boxes span{{display:inline-block;margin-right:6px;text-align:center}}.boxes i{{display:block;font-style:normal}}"
        f".boxes u{{display:block;width:{size * 4}px;height:{size + 10}px;border:1px solid #999}}"
        f".g3{{display:grid;grid-template-columns:repeat(3,auto);gap:{size // 2 + 4}px {size}px;justify-content:start}}"
        f".cell i{{font-style:normal;color:#555;margin-right:6px}}"
        f".in{{display:inline-block;border:1px solid #8a8886;padding:4px 8px;min-width:{size * 6}px;font-size:{size + 2}px}}"
        f".btn{{display:inline-block;background:#0067b8;color:#fff;padding:6px 18px}}"
    )
    body = f"<div id='window'>{_title_bar(title, False, font, 12)}<div class='in-body'>{inner}</div></div>"
    meta.update(font=font, font_px=size)
    return Scene(page(body, css, wallpaper(rng)), desk, meta=meta)


# --- the portal's result page (CID) ----------------------------------------

PORTAL_TEXT = {
    "en": {
        "brand": "Product Activation",
        "ok": "Success",
        "lead": "Use the Confirmation ID below to complete activation of your product.",
        "title": "Confirmation ID",
        "copy": "Copy Confirmation ID",
        "shot": "Take a screenshot",
        "q": "Were you successful?",
        "yes": "Yes",
        "no": "No",
        "iid": "Installation ID",
    },
    "ja": {
        "brand": "製品のライセンス認証",
        "ok": "成功です",
        "lead": "以下の確認 ID を使用して、製品のライセンス認証を完了してください。",
        "title": "確認 ID",
        "copy": "確認 ID をコピー",
        "shot": "スクリーンショットを撮る",
        "q": "成功しましたか?",
        "yes": "はい",
        "no": "いいえ",
        "iid": "インストール ID",
    },
}


def _cid_block(cid: str, arrangement: str) -> str:
    gs = groups(cid, 6)
    pairs = list(zip("ABCDEFGH", gs, strict=True))

    def row(items: list[tuple[str, str]]) -> str:
        return "".join(
            f"<div class='col'><div class='let'>{a}</div><div class='num'>{g}</div></div>" for a, g in items
        )

    if arrangement == "card_5x3":
        return f"<div class='row'>{row(pairs[:5])}</div><div class='row'>{row(pairs[5:])}</div>"
    if arrangement == "card_4x2":
        return f"<div class='row'>{row(pairs[:4])}</div><div class='row'>{row(pairs[4:])}</div>"
    if arrangement == "card_row8":
        return f"<div class='row'>{row(pairs)}</div>"
    return "".join(f"<div class='li'>{a}: <span class='num'>{g}</span></div>" for a, g in pairs)


def portal(rng: random.Random, cid: str, iid: str | None, lang: str, meta: dict) -> Scene:
    """The portal's success page with the CID card; desktop, low resolution or a phone screen."""
    t = PORTAL_TEXT[lang]
    dark = meta["theme"] == "dark"
    frame = meta["frame"]
    fg, bg, card, sub, link = (
        ("#ffffff", "#1f1f1f", "#2b2b2b", "#c8c8c8", "#6cb8f6")
        if dark
        else ("#1b1b1b", "#ffffff", rng.choice(("#f3f3f3", "#ffffff", "#f7f7f7")), "#505050", "#0067b8")
    )
    font = (
        "Noto Sans CJK JP"
        if lang == "ja"
        else rng.choice(("Noto Sans CJK JP", "Liberation Sans", "DejaVu Sans"))
    )
    if frame == "phone":
        vw, vh, scale = 360, 800, 3.0
        num = rng.choice((20, 22, 24))
    elif frame == "lowres":
        vw, vh, scale = rng.choice((400, 420, 440)), rng.choice((640, 720)), 1.0
        num = rng.choice((15, 16, 17))
    else:
        vw, vh = rng.choice(((1280, 800), (1366, 768), (1440, 900), (1536, 864)))
        scale = 1.0
        num = rng.choice((22, 24, 26, 28))
    narrow = frame in ("phone", "lowres")
    arrangement = meta["layout"]
    gap = rng.randint(10, 28) if not narrow else rng.randint(6, 12)
    maxw = rng.choice((760, 860, 980))
    # the numbers must fit the card's width (the page does not scroll sideways)
    avail = min(maxw, vw) - (2 * 16 + 2 * 14 if narrow else 2 * 40 + 2 * 28)
    ncols = {"card_5x3": 5, "card_4x2": 4, "card_row8": 8}.get(arrangement, 1)
    num = max(min(num, int((avail - (ncols - 1) * gap) / (ncols * 6 * 0.68))), 13 if narrow else 16)
    # (a row that still does not fit wraps, as a real responsive page would)
    status = ""
    if frame == "phone":
        clock = f"{rng.randint(6, 23)}:{rng.randint(0, 59):02d}"
        batt = rng.randint(15, 99)
        status = (
            f"<div class='sb'><span>{clock}</span><span>&#x25BC;&#x25B2; 5G &#x2590; {batt}%</span></div>"
            f"<div class='url'>microsoft.com</div>"
        )
        meta.update(clock=clock, battery=batt)
    echo = ""
    if iid is not None:
        size_g = 7 if len(iid) == 63 else 6
        sep = rng.choice((" ", "-", " "))
        echo = f"<div class='echo'><div class='lab'>{t['iid']}</div><div>{sep.join(groups(iid, size_g))}</div></div>"
    head = (
        "<div class='hdr'><span class='logo'><i style='background:#f25022'></i><i style='background:#7fba00'></i>"
        f"<i style='background:#00a4ef'></i><i style='background:#ffb900'></i></span><b>Microsoft</b>"
        f"<span class='sep'>|</span>{t['brand']}</div>"
    )
    body = (
        f"{status}{head}<main><h1>{t['ok']}</h1><p class='lead'>{t['lead']}</p>{echo}"
        f"<section id='window' class='card'><h2>{t['title']}</h2><div class='prod'>Windows 10</div>"
        f"<div id='target' class='cid'>{_cid_block(cid, arrangement)}</div>"
        f"<div class='links'><a>{t['copy']}</a><a>{t['shot']}</a></div></section>"
        f"<h3>{t['q']}</h3><div class='btns'><span>{t['yes']}</span><span>{t['no']}</span></div></main>"
    )
    css = (
        f"body{{color:{fg};font-family:'{font}',sans-serif;font-size:{14 if narrow else 15}px}}"
        f".sb{{display:flex;justify-content:space-between;padding:6px 18px;font-size:13px;font-weight:600;background:{bg}}}"
        f".url{{margin:4px 10px 8px;padding:6px 12px;border-radius:18px;background:{'#3a3a3a' if dark else '#ececec'};font-size:13px}}"
        f".hdr{{display:flex;align-items:center;gap:8px;padding:12px {16 if narrow else 40}px;border-bottom:1px solid {'#444' if dark else '#e5e5e5'};font-size:15px}}"
        ".logo{display:inline-grid;grid-template-columns:9px 9px;gap:2px;margin-right:4px}.logo i{width:9px;height:9px}"
        f".sep{{color:{sub}}}main{{max-width:{maxw}px;margin:0 auto;padding:{12 if narrow else rng.randint(24, 60)}px {16 if narrow else 40}px}}"
        f"h1{{font-weight:600;font-size:{24 if narrow else 32}px;margin:8px 0}}.lead{{color:{sub}}}"
        f".echo{{margin:10px 0;color:{sub};font-size:{12 if narrow else 14}px;word-break:break-all}}.echo .lab{{font-weight:600}}"
        f".card{{background:{card};padding:{14 if narrow else 28}px;border-radius:{rng.choice((0, 4, 8))}px;margin:16px 0;"
        f"{'box-shadow:0 2px 8px #0002;' if not dark and card == '#ffffff' else ''}}}"
        f"h2{{font-size:{18 if narrow else 22}px;margin:0 0 4px;font-weight:600}}.prod{{color:{sub};margin-bottom:14px}}"
        f".row{{display:flex;flex-wrap:wrap;gap:{gap}px;margin:6px 0 14px}}.col{{text-align:left}}"
        f".let{{color:{sub};font-size:{max(12, num - 8)}px;margin-bottom:2px}}"
        f".num{{font-size:{num}px;font-weight:{rng.choice((400, 600))};letter-spacing:0.02em}}"
        f".li{{font-size:{num}px;margin:4px 0}}.li .num{{font-size:{num}px}}"
        f".links{{display:flex;gap:24px;flex-wrap:wrap;margin-top:10px}}.links a{{color:{link};text-decoration:underline}}"
        f"h3{{font-size:18px;font-weight:600;margin-top:24px}}.btns span{{display:inline-block;border:1px solid {sub};"
        "padding:6px 22px;margin-right:10px}"
    )
    meta.update(font=font, font_px=num, viewport=[vw, vh], scale=scale, iid_echoed=iid is not None)
    return Scene(page(body, css, bg), (vw, vh), scale=scale, meta=meta)
