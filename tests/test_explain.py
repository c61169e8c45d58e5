"""The error explainer: every code form, both languages."""

from __future__ import annotations

from activation import explain


def test_every_form_of_a_code() -> None:
    for text in ("0xC004F04D", "C004F04D", "c004f04d", "-1073418163", "Error: 0xC004F04D\r\n"):
        assert [e.code for e in explain.explain(text)] == ["0xC004F04D"], text


def test_slui_hint_code_ignored_and_unknown_code_gets_slui_advice() -> None:
    found = explain.explain("run 'slui.exe 0x2a 0xC004F031' to display the error text")
    assert [e.code for e in found] == ["0xC004F031"]
    unknown = explain.explain("0xDEADBEEF")[0].to_dict()
    assert not unknown["known"] and "slui.exe 0x2a 0xDEADBEEF" in unknown["action_en"]


def test_catalogue_has_both_languages_for_facts_codes() -> None:
    for code in (
        "0xC004F04D",
        "0xC004F031",
        "0xC004F07E",
        "0xC004F02C",
        "0xC004F02F",
        "0xC004F015",
        "0xC004F00F",
        "0xC004C003",
        "0xC004C008",
        "0xC004C020",
        "0xC004C021",
    ):
        info = explain.ERRORS[code]
        assert info.meaning_en and info.action_en
        assert any(ord(ch) > 0x3000 for ch in info.meaning_ja + info.action_ja)


def test_success_recognised() -> None:
    assert explain.looks_successful("Confirmation ID for product {x} deposited successfully.")
    assert explain.looks_successful("ライセンスの状態: ライセンスされています")
    assert not explain.looks_successful("Error: 0xC004F04D")
