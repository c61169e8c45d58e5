"""The kit's files and its QR payload: read and written the way docs/commands.md pins them.

Why in the core: the kit builder, the server's QR reading and the tests all
need the same rules, and the app's JavaScript is held to the same examples
(``tests/vectors/kit.json``).  Readers accept a UTF-8 BOM and CRLF, and raise
KitFormatError with a message a user can act on; an ID with a wrong digit is
read and flagged, never silently accepted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from .ids import CID_48, IID_54, IID_63, ParsedId, analyse, parse_ids

PC_FORMAT = "aoh-helper.pc"
CIDS_FORMAT = "aoh-helper.cids"
RESULT_FORMAT = "aoh-helper.result"
VERSION = 1
KMS_CLIENT_CHANNEL = "VOLUME_KMSCLIENT"
QR_PREFIX = "AOH:"
# encodeURIComponent keeps exactly these besides letters and digits
_URI_SAFE = "-_.!~*'()"


class KitFormatError(ValueError):
    """A kit file that cannot be read; the message says why."""


def _load(text: str | bytes, fmt: str) -> dict:
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    text = text.lstrip("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KitFormatError(f"not a JSON file ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise KitFormatError(f"not an {fmt} file")
    if data.get("version") != VERSION:
        raise KitFormatError(f"{fmt} version {data.get('version')!r} is not supported (expected {VERSION})")
    return data


def _iid(value: object) -> ParsedId:
    digits = str(value or "")
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (IID_63.length, IID_54.length):
        raise KitFormatError("an Installation ID must be 63 or 54 digits")
    return analyse(digits)


def _cid(value: object) -> ParsedId:
    found = [p for p in parse_ids(str(value or ""), kind="cid") if p.form is CID_48]
    if not found:
        raise KitFormatError("a Confirmation ID must be 48 digits (8 groups of 6)")
    return found[0]


@dataclass(frozen=True)
class PcProduct:
    name: str
    description: str
    channel: str
    partial_key: str
    license_status: int
    activation_id: str
    application_id: str
    product: str
    iid: ParsedId

    @property
    def kms_client(self) -> bool:
        """The portal cannot activate a KMS client key (0x8007232B / 0xC004F074)."""
        return self.channel == KMS_CLIENT_CHANNEL


@dataclass(frozen=True)
class PcFile:
    computer: str
    collected: str
    products: tuple[PcProduct, ...]


def read_pc_file(text: str | bytes) -> PcFile:
    """A ``<COMPUTERNAME>.aoh.json`` written by the kit's collect script."""
    data = _load(text, PC_FORMAT)
    computer = str(data.get("computer") or "").strip()
    if not computer:
        raise KitFormatError("the file names no computer")
    items = data.get("products")
    if not isinstance(items, list):
        raise KitFormatError("'products' must be a list")
    products = []
    for item in items:
        if not isinstance(item, dict):
            raise KitFormatError("each product must be an object")
        products.append(
            PcProduct(
                name=str(item.get("name") or ""),
                description=str(item.get("description") or ""),
                channel=str(item.get("channel") or ""),
                partial_key=str(item.get("partial_key") or ""),
                license_status=int(item.get("license_status") or 0),
                activation_id=str(item.get("activation_id") or "").lower(),
                application_id=str(item.get("application_id") or "").lower(),
                product=str(item.get("product") or ""),
                iid=_iid(item.get("iid")),
            )
        )
    return PcFile(computer, str(data.get("collected") or ""), tuple(products))


@dataclass(frozen=True)
class CidFile:
    computer: str
    cid: ParsedId


def read_cid_file(filename: str, text: str | bytes) -> CidFile:
    """``<COMPUTERNAME>.cid``: the 48 digits in any layout, for the PC's first product."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    computer = name[: -len(".cid")] if name.lower().endswith(".cid") else name
    return CidFile(computer, _cid(text.lstrip("\ufeff")))


@dataclass(frozen=True)
class CidEntry:
    computer: str
    activation_id: str
    iid: str
    cid: ParsedId


def read_cids(text: str | bytes) -> list[CidEntry]:
    """``aoh-cids.json``, the app's export for the apply script."""
    data = _load(text, CIDS_FORMAT)
    pcs = data.get("pcs")
    if not isinstance(pcs, list):
        raise KitFormatError("'pcs' must be a list")
    return [
        CidEntry(
            computer=str(p.get("computer") or ""),
            activation_id=str(p.get("activation_id") or "").lower(),
            iid=str(p.get("iid") or ""),
            cid=_cid(p.get("cid")),
        )
        for p in pcs
    ]


def cids_document(entries: list[CidEntry]) -> dict:
    return {
        "format": CIDS_FORMAT,
        "version": VERSION,
        "pcs": [
            {"computer": e.computer, "activation_id": e.activation_id, "iid": e.iid, "cid": e.cid.digits}
            for e in entries
        ],
    }


@dataclass(frozen=True)
class ResultEntry:
    activation_id: str
    iid: str
    hresult: str
    license_status: int
    licensed: bool


@dataclass(frozen=True)
class ResultFile:
    computer: str
    finished: str
    results: tuple[ResultEntry, ...]

    @property
    def all_licensed(self) -> bool:
        return bool(self.results) and all(r.licensed for r in self.results)


def read_result(text: str | bytes) -> ResultFile:
    """``<COMPUTERNAME>.result.json`` written by the kit's apply script."""
    data = _load(text, RESULT_FORMAT)
    items = data.get("results")
    if not isinstance(items, list):
        raise KitFormatError("'results' must be a list")
    results = tuple(
        ResultEntry(
            activation_id=str(r.get("activation_id") or ""),
            iid=str(r.get("iid") or ""),
            hresult=str(r.get("hresult") or ""),
            license_status=int(r.get("license_status") or 0),
            licensed=r.get("licensed") is True,
        )
        for r in items
    )
    return ResultFile(str(data.get("computer") or ""), str(data.get("finished") or ""), results)


# --- the QR code -------------------------------------------------------------


@dataclass(frozen=True)
class QrPayload:
    """What the kit's QR code carries; ``pc``/``product`` are None for a bare IID."""

    iid: ParsedId
    pc: str | None = None
    product: str | None = None
    activation_id: str | None = None


def qr_text(computer: str, product: str, activation_id: str, iid: str, app_url: str | None = None) -> str:
    """The QR code's text: a link into the app when its address is known, else ``AOH:...``."""
    enc = lambda s: quote(s, safe=_URI_SAFE)  # noqa: E731 - encodeURIComponent
    params = f"aoh=1&pc={enc(computer)}&p={enc(product)}&aid={enc(activation_id or '')}&iid={iid}"
    if app_url:
        return f"{app_url.split('#', 1)[0]}#{params}"
    return QR_PREFIX + params


def parse_qr(text: str) -> QrPayload | None:
    """The kit's QR payload in ``text`` (either form, or a bare IID), else None."""
    text = text.strip()
    if text[: len(QR_PREFIX)].upper() == QR_PREFIX:
        params = text[len(QR_PREFIX) :]
    elif "#" in text and re.match(r"^https?://", text, re.IGNORECASE):
        params = text.split("#", 1)[1]
    else:
        found = [p for p in parse_ids(text, kind="iid") if re.fullmatch(r"[\d\s-]+", text)]
        return QrPayload(found[0]) if len(found) == 1 else None
    fields: dict[str, str] = {}
    for part in params.split("&"):
        key, _, value = part.partition("=")
        fields[unquote(key)] = unquote(value)
    if fields.get("aoh") != "1":
        return None
    try:
        iid = _iid(fields.get("iid"))
    except KitFormatError:
        return None
    return QrPayload(iid, fields.get("pc") or None, fields.get("p") or None, fields.get("aid") or None)
