"""activation.ids, activation.commands and activation.explain against the shared vectors.

static/js is held to the same file by tests/js/*.test.mjs.
"""

from __future__ import annotations

import base64
import json

import pytest

from activation import commands, explain, ids
from tests.conftest import ROOT, VECTORS


@pytest.mark.parametrize("case", VECTORS["check_digit"], ids=lambda c: c["body"])
def test_check_digit(case: dict) -> None:
    assert ids.check_digit(case["body"]) == case["check"]
    assert ids.group_is_valid(case["body"] + str(case["check"]))


@pytest.mark.parametrize("case", VECTORS["ids"], ids=lambda c: c["name"])
def test_known_ids(case: dict) -> None:
    parsed = ids.analyse(case["digits"])
    assert parsed.kind == case["kind"]
    assert parsed.valid is case["valid"]
    assert parsed.invalid_labels == case["invalid_groups"]


def test_substitutions_flag_the_right_group() -> None:
    for case in VECTORS["substitutions"]:
        assert ids.analyse(case["digits"]).invalid_labels == case["invalid_groups"], case


def test_transpositions() -> None:
    for case in VECTORS["transpositions"]:
        assert ids.analyse(case["digits"]).invalid_labels == case["invalid_groups"], case


@pytest.mark.parametrize("case", VECTORS["parse"], ids=lambda c: c["name"])
def test_parse(case: dict) -> None:
    got = [
        {"kind": p.kind, "digits": p.digits, "valid": p.valid, "invalid_groups": p.invalid_labels}
        for p in ids.parse_ids(case["text"])
    ]
    assert got == case["expected"]


@pytest.mark.parametrize("case", VECTORS["corrections"], ids=lambda c: c["group"])
def test_corrections(case: dict) -> None:
    assert ids.group_is_valid(case["group"]) is case["valid"]
    assert ids.single_digit_corrections(case["group"]) == case["corrections"]


def _holds_in_order(text: str, wanted: list[str]) -> bool:
    """True when each of ``wanted`` is in a line of ``text``, each after the previous one."""
    lines = iter(text.split("\r\n"))
    return all(any(w in line for line in lines) for w in wanted)


@pytest.mark.parametrize("case", VECTORS["commands"], ids=lambda c: c["product"])
def test_commands(case: dict) -> None:
    args = (case["product"], case["cid"], case["activation_id"], case["office_dir"])
    if case["expected"].get("error"):
        with pytest.raises(commands.CommandError):
            commands.build_commands(*args, shell=case["shell"])
        return
    assert commands.build_commands(*args, shell=case["shell"]).to_dict() == case["expected"]
    if "cmd_file_lines" in case:
        text = commands.cmd_file(*args)
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "CRLF only"
        assert _holds_in_order(text, case["cmd_file_lines"]), text


PINNED = json.loads((ROOT / "tests" / "vectors" / "commands.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PINNED["commands"], ids=lambda c: f"{c['product']}-{c['shell']}")
def test_cmd_files_pinned_for_the_browser(case: dict) -> None:
    """commands.json pins static/js/commands.js to the Python: whole .cmd texts, bytes, names."""
    args = (case["product"], case["cid"], case["activation_id"], case["office_dir"])
    if case["expected"].get("error"):
        with pytest.raises(commands.CommandError):
            commands.build_commands(*args, shell=case["shell"])
            commands.cmd_file(*args, **(case["options"] or {}))
        return
    assert commands.build_commands(*args, shell=case["shell"]).to_dict() == case["expected"]
    if "cmd_file" in case:
        opts = case["options"] or {}
        text = commands.cmd_file(*args, **opts)
        assert text == case["cmd_file"]
        assert commands.cmd_file_bytes(text, opts.get("lang", "en")) == base64.b64decode(case["cmd_file_b64"])
        assert commands.cmd_file_name(case["product"], opts.get("computer")) == case["cmd_file_name"]


def test_holds_in_order_can_fail() -> None:
    assert _holds_in_order("a\r\nb\r\nc", ["a", "c"])
    assert not _holds_in_order("a\r\nb\r\nc", ["c", "a"])
    assert not _holds_in_order("ab", ["a", "b"])


@pytest.mark.parametrize("case", VECTORS["errors"], ids=lambda c: c["text"][:20])
def test_errors(case: dict) -> None:
    found = explain.explain(case["text"])
    assert [e.code for e in found] == case["codes"]
    assert [e.known for e in found] == case["known"]
    assert explain.looks_successful(case["text"]) is case["success"]


@pytest.mark.parametrize("case", VECTORS["error_meanings"], ids=lambda c: c["code"])
def test_error_meanings(case: dict) -> None:
    [found] = explain.explain(case["code"])
    assert found.known, f"{case['code']} is in the facts' error table"
    text = found.to_dict()
    for field in ("meaning_en", "action_en", "meaning_ja", "action_ja"):
        for word in case[field]:
            assert word.lower() in text[field].lower(), (field, word, text[field])


def test_browser_error_catalogue_is_the_python_one(repo_root) -> None:
    import json

    exported = json.loads((repo_root / "static" / "data" / "errors.json").read_text(encoding="utf-8"))
    assert exported == explain.catalogue(), "run: python -m activation.explain --export"


def test_vectors_file_is_up_to_date() -> None:
    from tests.vectors import make_vectors

    assert make_vectors.build() == VECTORS, "run: python -m tests.vectors.make_vectors"


def test_pinned_command_vectors_are_up_to_date() -> None:
    from tests.vectors import make_command_vectors

    assert make_command_vectors.build() == PINNED, "run: python -m tests.vectors.make_command_vectors"
