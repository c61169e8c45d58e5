"""The plain-HTTP page that hands the local CA certificate to a phone.

It runs beside the HTTPS app (``serve --https``) on its own port, because the
phone cannot open the HTTPS app before it trusts the CA.  One page, English
and Japanese, no script; the only inline style is allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import html

from flask import Flask, Response

from .https_ca import LocalCA
from .security import SECURITY_HEADERS

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;"
    "line-height:1.5}a.button{display:inline-block;padding:.8rem 1.2rem;background:#0b57d0;"
    "color:#fff;border-radius:.5rem;text-decoration:none;font-size:1.1rem}"
    "code{word-break:break-all}svg{width:12rem;height:12rem}"
)
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CSP = (
    f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aoh-helper: trust this computer</title><style>{style}</style></head>
<body>
<h1>aoh-helper: trust this computer / このPCを信頼する</h1>
<p>Do this once per phone. Then open the app at / 一度だけ設定すると、次の URL で使えます:</p>
<p><a href="{app_url}">{app_url}</a></p>
{qr}
<p><a class="button" href="/aoh-helper-ca.crt" download>Download the certificate / 証明書をダウンロード</a></p>
<p>Check that the fingerprint (SHA-256) matches the one printed on the computer:<br>
指紋 (SHA-256) が PC の画面の表示と同じか確認してください:<br><code>{fingerprint}</code></p>

<h2>Android (Chrome)</h2>
<ol>
<li>Tap <b>Download the certificate</b>.</li>
<li>Open <b>Settings &rarr; Security &amp; privacy &rarr; More security settings &rarr;
Encryption &amp; credentials &rarr; Install a certificate &rarr; CA certificate</b>
(search Settings for "CA certificate" if the menus differ), tap <b>Install anyway</b>, pick
<code>aoh-helper-ca.crt</code> from Downloads.</li>
<li>Open <a href="{app_url}">{app_url}</a> in Chrome.</li>
</ol>
<p>Android: 証明書をダウンロード &rarr; 設定 &rarr; セキュリティとプライバシー &rarr;
その他のセキュリティ設定 &rarr; 暗号化と認証情報 &rarr; 証明書のインストール &rarr; CA 証明書
&rarr; 「インストールする」&rarr; ダウンロードの <code>aoh-helper-ca.crt</code> を選択。
(設定の検索で「CA 証明書」でも見つかります。)</p>
<p>Firefox for Android does not use these certificates unless
"Use third party CA certificates" is turned on in its secret settings; use Chrome.</p>

<h2>iPhone / iPad (Safari)</h2>
<ol>
<li>Open this page in <b>Safari</b>, tap <b>Download the certificate</b>, then <b>Allow</b>.</li>
<li><b>Settings &rarr; Profile Downloaded &rarr; Install</b> (enter the passcode).</li>
<li><b>Settings &rarr; General &rarr; About &rarr; Certificate Trust Settings</b>: turn on
full trust for <b>aoh-helper local CA</b>.</li>
<li>Open <a href="{app_url}">{app_url}</a> in Safari.</li>
</ol>
<p>iPhone: Safari で証明書をダウンロード &rarr;「許可」&rarr; 設定 &rarr;
「プロファイルがダウンロード済み」&rarr; インストール &rarr; 設定 &rarr; 一般 &rarr; 情報 &rarr;
証明書信頼設定 で「aoh-helper local CA」をオンにする。</p>

<h2>Remove it later / 後で削除するには</h2>
<p>Android: Encryption &amp; credentials &rarr; User credentials. iPhone: Settings &rarr; General &rarr;
VPN &amp; Device Management. The certificate is only valid for private network addresses
(名前制約によりプライベートアドレスにのみ有効).</p>
</body></html>
"""


def build_ca_site(ca: LocalCA, app_url: str) -> Flask:
    """A tiny app: ``/`` instructions, ``/aoh-helper-ca.crt`` (DER), ``/aoh-helper-ca.pem``."""
    import segno

    app = Flask("webapp.ca_site", static_folder=None)
    qr_svg = segno.make(app_url, error="m").svg_inline(scale=4, omitsize=False)
    page = PAGE.format(
        style=STYLE,
        app_url=html.escape(app_url),
        fingerprint=html.escape(ca.fingerprint),
        qr=f'<p role="img" aria-label="QR code">{qr_svg}</p>',
    )

    @app.get("/")
    def index() -> Response:
        return Response(page, mimetype="text/html")

    @app.get("/aoh-helper-ca.crt")
    def ca_der() -> Response:
        resp = Response(ca.der(), mimetype="application/x-x509-ca-cert")
        resp.headers["Content-Disposition"] = 'attachment; filename="aoh-helper-ca.crt"'
        return resp

    @app.get("/aoh-helper-ca.pem")
    def ca_pem() -> Response:
        return Response(ca.pem(), mimetype="application/x-pem-file")

    @app.after_request
    def headers(resp: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            resp.headers.setdefault(name, value)
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["Cache-Control"] = "no-store"
        return resp

    return app
