"""GET /kit.zip: the kit from the running app, with the app's own address in its page."""

from __future__ import annotations

import io
import zipfile


def test_kit_zip_carries_the_servers_address(client) -> None:
    resp = client.get("/kit.zip", base_url="https://192.168.1.5:8443")
    assert resp.status_code == 200
    assert resp.mimetype == "application/zip"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="aoh-kit.zip"'
    z = zipfile.ZipFile(io.BytesIO(resp.data))
    assert sorted(z.namelist()) == sorted(
        f"aoh-kit/{n}"
        for n in (
            "collect.cmd",
            "collect.ps1",
            "apply.cmd",
            "apply.ps1",
            "offline.html",
            "README.txt",
            "LICENSE-qrcode-generator.txt",
        )
    )
    assert b'id="aoh-app-url">"https://192.168.1.5:8443/"<' in z.read("aoh-kit/offline.html")


def test_a_forged_host_cannot_inject_into_the_page(client) -> None:
    resp = client.get("/kit.zip", headers={"Host": 'evil"<script>'})
    assert resp.status_code == 400
    assert b"<script>" not in resp.data
