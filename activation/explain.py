"""What an activation error code means and what to do next, in English and Japanese.

Why: the PC prints ``Error: 0xC004F04D`` and nothing useful; the user is
standing at it with a phone.  Codes and meanings come from the Windows SDK's
slerror.h and Microsoft's activation troubleshooting pages (``docs/errors.md``).  The
same catalogue is exported to ``static/data/errors.json`` for the browser
(``python -m activation.explain --export``); a test keeps the two equal.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class ErrorInfo:
    code: str  # "0xC004F04D"
    meaning_en: str
    action_en: str
    meaning_ja: str
    action_ja: str


def _e(code: str, men: str, aen: str, mja: str, aja: str) -> ErrorInfo:
    return ErrorInfo(code, men, aen, mja, aja)


_RETYPE_EN = "Compare the Confirmation ID on the PC with the portal group by group, retype the wrong group, and run /atp again."
_RETYPE_JA = "PC に入力した確認 ID をポータルの表示とグループごとに見比べ、違うグループを入力し直して /atp をもう一度実行してください。"
_NEW_IID_EN = (
    "Run slmgr.vbs /dti again, enter the new Installation ID in the portal and use the new Confirmation ID."
)
_NEW_IID_JA = "slmgr.vbs /dti をもう一度実行し、表示された新しいインストール ID をポータルに入力して、新しい確認 ID を使ってください。"
_KMS_EN = "The installed key is a KMS client key, which the portal cannot activate. For offline activation install a MAK or retail key with /ipk, then use /dti and the portal."
_KMS_JA = "インストールされているのは KMS クライアント キーで、ポータルでは認証できません。オフラインで認証するには /ipk で MAK またはリテールのキーをインストールし、/dti とポータルを使ってください。"
_CID_DATA_EN = "Check that the Confirmation ID was made for this product (the product and version chosen in the portal) and the right Activation ID, then run the command again as administrator."
_CID_DATA_JA = "確認 ID がこの製品 (ポータルで選んだ製品とバージョン) と正しいライセンス認証 ID のものか確認し、管理者としてコマンドをもう一度実行してください。"

ERRORS: dict[str, ErrorInfo] = {
    e.code: e
    for e in (
        _e(
            "0xC004F04D",
            "The Installation ID or the Confirmation ID is invalid: a check digit failed.",
            "A digit was mistyped. " + _RETYPE_EN,
            "インストール ID または確認 ID が無効です (チェックディジットが一致しません)。",
            "数字の打ち間違いです。" + _RETYPE_JA,
        ),
        _e(
            "0xC004F031",
            "The Installation ID and the Confirmation ID do not match.",
            "The Installation ID changed (a new key, a new /ipk, or new hardware). " + _NEW_IID_EN,
            "インストール ID と確認 ID が一致しません。",
            "インストール ID が変わっています (新しいキー、/ipk のやり直し、ハードウェアの変更)。"
            + _NEW_IID_JA,
        ),
        _e(
            "0xC004F07E",
            "The IDs do not match the installed product key.",
            "The key was changed after the Installation ID was read. " + _NEW_IID_EN,
            "ID がインストールされているプロダクト キーと一致しません。",
            "インストール ID を読んだ後でキーが変わっています。" + _NEW_IID_JA,
        ),
        _e(
            "0xC004F02C",
            "The offline activation data is in the wrong format.",
            "Give the Confirmation ID as digits only: no spaces, no dashes. Use the command aoh-helper shows.",
            "オフライン ライセンス認証のデータの形式が正しくありません。",
            "確認 ID は数字だけで入力してください (スペースやハイフンなし)。aoh-helper が表示するコマンドを使ってください。",
        ),
        _e(
            "0xC004F02F",
            "The Confirmation ID has the wrong length.",
            "A Confirmation ID has 48 digits (8 groups of 6). Check that no group is missing or doubled.",
            "確認 ID の長さが正しくありません。",
            "確認 ID は 48 桁 (6 桁 × 8 グループ) です。抜けや重複したグループがないか確認してください。",
        ),
        _e(
            "0xC004F015",
            "The licence is not installed.",
            "The Activation ID is wrong or missing. For ESU, install the ESU key first with slmgr.vbs /ipk <ESU key>, then use the ESU year's Activation ID.",
            "ライセンスがインストールされていません。",
            "ライセンス認証 ID が違うか、指定されていません。ESU の場合は先に slmgr.vbs /ipk <ESU キー> でキーをインストールし、その年の ESU のライセンス認証 ID を指定してください。",
        ),
        _e(
            "0xC004F00F",
            "The hardware changed beyond tolerance.",
            "Contact Microsoft support; the portal's 'No' answers lead to a call-back or chat (aka.ms/vpah).",
            "ハードウェアの変更が許容範囲を超えています。",
            "マイクロソフトのサポートに連絡してください。ポータルで「いいえ」を選ぶとコールバックやチャット (aka.ms/vpah) に進めます。",
        ),
        _e(
            "0xC004C003",
            "The product key is blocked.",
            "This key cannot be activated. Use another, genuine key.",
            "プロダクト キーがブロックされています。",
            "このキーではライセンス認証できません。別の正規のキーを使ってください。",
        ),
        _e(
            "0xC004C008",
            "The key's activation limit is reached.",
            "Contact Microsoft or use another key.",
            "このキーのライセンス認証の上限に達しています。",
            "マイクロソフトに問い合わせるか、別のキーを使ってください。",
        ),
        _e(
            "0xC004C020",
            "The key's activation limit (MAK) is reached.",
            "Contact Microsoft or use another key.",
            "このキー (MAK) のライセンス認証の上限に達しています。",
            "マイクロソフトに問い合わせるか、別のキーを使ってください。",
        ),
        _e(
            "0xC004C021",
            "The key's activation limit (MAK) is reached.",
            "Contact Microsoft or use another key.",
            "このキー (MAK) のライセンス認証の上限に達しています。",
            "マイクロソフトに問い合わせるか、別のキーを使ってください。",
        ),
        _e(
            "0xC004F025",
            "Access denied: the command needs administrator rights.",
            "Open the command prompt with 'Run as administrator' and run the command again.",
            "アクセスが拒否されました。管理者権限が必要です。",
            "コマンド プロンプトを「管理者として実行」で開き、もう一度実行してください。",
        ),
        _e(
            "0x80070005",
            "Access denied.",
            "Open the command prompt with 'Run as administrator' and run the command again.",
            "アクセスが拒否されました。",
            "コマンド プロンプトを「管理者として実行」で開き、もう一度実行してください。",
        ),
        _e(
            "0xC004F050",
            "The product key is invalid.",
            "Check the key you gave to /ipk (25 characters) and install it again.",
            "プロダクト キーが無効です。",
            "/ipk に渡したキー (25 文字) を確認して、もう一度インストールしてください。",
        ),
        _e(
            "0xC004F014",
            "No product key is installed.",
            "Install the key with slmgr.vbs /ipk <product key>, then run /dti again.",
            "プロダクト キーがインストールされていません。",
            "slmgr.vbs /ipk <プロダクト キー> でキーをインストールしてから、/dti をもう一度実行してください。",
        ),
        _e(
            "0xC004F069",
            "The product (SKU) was not found.",
            "Check the Activation ID: it must belong to a licence installed on this PC (slmgr.vbs /dlv all lists them).",
            "製品 (SKU) が見つかりません。",
            "ライセンス認証 ID を確認してください。この PC にインストールされたライセンスのものである必要があります (slmgr.vbs /dlv all で一覧できます)。",
        ),
        _e(
            "0xC004F074",
            "No Key Management Service (KMS) could be contacted.",
            _KMS_EN,
            "キー管理サービス (KMS) に接続できませんでした。",
            _KMS_JA,
        ),
        _e(
            "0x8007232B",
            "No Key Management Service (KMS) host was found (DNS name does not exist).",
            _KMS_EN,
            "キー管理サービス (KMS) のホストが見つかりません (DNS 名が存在しません)。",
            _KMS_JA,
        ),
        _e(
            "0xC004F038",
            "The Key Management Service (KMS) reports too few clients to activate.",
            _KMS_EN,
            "キー管理サービス (KMS) のクライアント数が足りません。",
            _KMS_JA,
        ),
        _e(
            "0xC004F051",
            "The product key is blocked.",
            "Check the key you gave to /ipk; a blocked key cannot be activated, so use another, genuine key.",
            "プロダクト キーがブロックされています。",
            "/ipk に渡したキーを確認してください。ブロックされたキーは認証できないので、別の正規のキーを使ってください。",
        ),
        _e(
            "0xC004F02D",
            "The version of the offline Confirmation ID is incorrect.",
            _CID_DATA_EN,
            "オフラインの確認 ID のバージョンが正しくありません。",
            _CID_DATA_JA,
        ),
        _e(
            "0xC004F02E",
            "The version of the offline Confirmation ID is not supported.",
            _CID_DATA_EN,
            "オフラインの確認 ID のバージョンはサポートされていません。",
            _CID_DATA_JA,
        ),
        _e(
            "0xC004F030",
            "The Installation ID or the Confirmation ID could not be saved.",
            _CID_DATA_EN,
            "インストール ID または確認 ID を保存できませんでした。",
            _CID_DATA_JA,
        ),
    )
}

# A GUID (the Activation ID in "Confirmation ID for product <GUID> deposited
# successfully.") starts with eight hex digits: blank GUIDs out before looking.
_GUID = re.compile(r"[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")
_HEX = re.compile(r"(?<![0-9A-Za-z])(?:0x)?([0-9A-Fa-f]{8})(?![0-9A-Za-z])")
_NEG = re.compile(r"(?<![0-9])-(\d{9,10})(?![0-9])")
# PowerShell prints a method's result as an unsigned number: "ReturnValue : 3221549133"
_LABELLED = re.compile(
    r"(?:HRESULT|HResult|ReturnValue|ErrorCode|Error Code|NativeErrorCode|StatusCode)\s*[:=]?\s*(\d{10})(?![0-9])",
    re.IGNORECASE,
)
_S_OK = "0x00000000"
_SUCCESS = re.compile(
    r"deposited successfully|License Status:\s*Licensed|LicenseStatus\s*:\s*1(?![0-9])|ライセンスされています|正常に",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Explanation:
    code: str
    known: bool
    info: ErrorInfo | None

    def to_dict(self) -> dict:
        out: dict = {"code": self.code, "known": self.known}
        if self.info:
            out.update({k: v for k, v in asdict(self.info).items() if k != "code"})
        else:
            out["action_en"] = (
                f"Run slui.exe 0x2a {self.code} on the PC to see Windows' own text for this code."
            )
            out["action_ja"] = (
                f"PC で slui.exe 0x2a {self.code} を実行すると、このコードの Windows による説明が表示されます。"
            )
        return out


def codes_in(text: str) -> list[str]:
    """Error codes in ``text`` as ``0xXXXXXXXX``, in order, without repeats.

    Accepts ``0xC004F04D``, ``C004F04D``, the negative decimal HRESULT
    (``-1073418163``) some tools print, and the unsigned one PowerShell shows
    after a label (``ReturnValue : 3221549133``); ignores short hex like
    slui's ``0x2a``, the start of a GUID and success (``0x00000000``).
    """
    text = _GUID.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[int, str]] = []
    for m in _HEX.finditer(text):
        raw = m.group(1)
        if raw.isdigit() and not m.group(0).lower().startswith("0x"):
            continue  # eight plain digits are more likely part of an ID
        found.append((m.start(), "0x" + raw.upper()))
    for m in _NEG.finditer(text):
        value = -int(m.group(1))
        if -(2**31) <= value < 0:
            found.append((m.start(), f"0x{value & 0xFFFFFFFF:08X}"))
    for m in _LABELLED.finditer(text):
        value = int(m.group(1))
        if 0x80000000 <= value <= 0xFFFFFFFF:
            found.append((m.start(1), f"0x{value:08X}"))
    seen: list[str] = []
    for _, code in sorted(found):
        if code not in seen and code != _S_OK:
            seen.append(code)
    return seen


def explain(text: str) -> list[Explanation]:
    """One explanation per error code found in ``text``."""
    return [Explanation(c, c in ERRORS, ERRORS.get(c)) for c in codes_in(text)]


def looks_successful(text: str) -> bool:
    """True when pasted PC output reports success and holds no error code."""
    return bool(_SUCCESS.search(text)) and not codes_in(text)


def catalogue() -> dict:
    """The catalogue as JSON-able data, for the browser."""
    return {
        "source": "activation/explain.py (python -m activation.explain --export)",
        "errors": {code: asdict(info) for code, info in ERRORS.items()},
    }


EXPORT_PATH = Path(__file__).resolve().parent.parent / "static" / "data" / "errors.json"


def export(path: Path = EXPORT_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(catalogue(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Export the error catalogue for the browser.")
    parser.add_argument("--export", action="store_true")
    if parser.parse_args().export:
        export()
        print(EXPORT_PATH)
