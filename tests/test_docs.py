"""docs/ is the project's record of the facts; the code must agree with it.

Why: the facts (ID forms, sample IDs, Activation IDs, commands, error codes) used to
live in a file outside the repository.  These tests parse them from the markdown in
docs/, so a fact changed on one side only fails here, and they keep every tracked
file from pointing outside the repository again.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from activation import commands, explain, ids
from samples import idgen, texts
from tools import pictures

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Written so that this file does not match itself.
OUTSIDE = re.compile(r"\.\./shared|shared[/]FACTS|FACTS[.]md")
CID = "".join(
    b + str(ids.check_digit(b))
    for b in ("31415", "92653", "58979", "32384", "62643", "38327", "95028", "84197")
)


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The lines under ``heading`` up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    level = len(heading) - len(heading.lstrip("#"))
    body = []
    for line in lines[start + 1 :]:
        if line.startswith("#") and len(line) - len(line.lstrip("#")) <= level:
            break
        body.append(line)
    return "\n".join(body)


def _rows(section: str) -> list[list[str]]:
    """Cells of the first markdown table's body rows (header and rule left out)."""
    rows: list[list[str]] = []
    for line in section.splitlines():
        if line.strip().startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break  # only the section's first table
    return [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]


def _code(cell: str) -> str:
    """The first `code span` in a cell."""
    match = re.search(r"`([^`]+)`", cell)
    assert match, f"no code span in {cell!r}"
    return match.group(1)


def _tracked_text_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: no list of tracked files")
    return [ROOT / name for name in out.split("\0") if name]


def test_no_tracked_file_points_outside_the_repository() -> None:
    offenders = []
    for path in _tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # pictures and other binary files; a file deleted in the work tree
        offenders += [
            f"{path.relative_to(ROOT)}:{n}"
            for n, line in enumerate(text.splitlines(), 1)
            if OUTSIDE.search(line)
        ]
    assert offenders == [], "refer to docs/ instead: " + ", ".join(offenders)


def test_docs_pages_exist_and_link_to_each_other() -> None:
    index = _doc("README.md")
    for page in ("ids.md", "commands.md", "errors.md", "portal.md"):
        assert (DOCS / page).is_file()
        assert f"]({page})" in index, f"docs/README.md does not link {page}"
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([\w./-]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links to a missing {target}"


# --- ids.md -----------------------------------------------------------------


def _documented_forms() -> set[tuple[str, int, int, int]]:
    table = _rows(_section(_doc("ids.md"), "## Forms"))
    forms = set()
    for row in table:
        for column, kind in ((1, "iid"), (2, "cid")):
            for length, groups, size in re.findall(
                r"\*\*(\d+) digits\*\*, (\d+) groups of (\d+)", row[column]
            ):
                forms.add((kind, int(length), int(groups), int(size)))
    return forms


def test_id_forms_are_the_documented_ones() -> None:
    documented = _documented_forms()
    assert len(documented) == 4
    assert documented == {(f.kind, f.length, f.groups, f.size) for f in ids.FORMS}


def _public_samples() -> list[tuple[str, str]]:
    """(what, digits) for each row of the public sample table."""
    rows = _rows(_section(_doc("ids.md"), "## Public sample IDs"))
    return [(row[0], _code(row[1]).replace(" ", "")) for row in rows]


def test_public_samples_are_the_ones_the_tests_and_samples_use() -> None:
    samples = _public_samples()
    assert len(samples) == 5
    documented = {digits for _, digits in samples}
    vectors = json.loads((ROOT / "tests" / "vectors" / "ids.json").read_text(encoding="utf-8"))
    from_docs = {v["digits"] for v in vectors["ids"] if "docs/ids.md" in v["source"]}
    assert from_docs == documented
    assert set(idgen.PUBLIC_IIDS_63) | set(idgen.PUBLIC_IIDS_54) <= documented
    assert pictures.SAMPLE_IID in documented


@pytest.mark.parametrize("what, digits", _public_samples())
def test_public_samples_have_their_documented_form_and_pass_the_rule(what: str, digits: str) -> None:
    kind = "cid" if what.startswith("CID") else "iid"
    length = int(re.search(r"(\d+) digits", what).group(1))
    assert len(digits) == length
    parsed = ids.parse_ids(digits, kind=kind)
    assert [p.digits for p in parsed] == [digits]
    assert parsed[0].valid, f"{what}: groups {parsed[0].invalid_labels} fail"


def test_labels_the_generator_prints_are_documented() -> None:
    doc = _doc("ids.md")
    for lang in ("en", "ja"):
        for key in ("iid", "name", "desc", "act", "ppk", "status"):
            assert texts.LABELS[lang][key].strip() in doc, (lang, key)


# --- commands.md ------------------------------------------------------------


def _esu_table() -> dict[str, str]:
    rows = _rows(_section(_doc("commands.md"), "### ESU Activation IDs"))
    return {_code(row[0]): _code(row[2]) for row in rows}


def test_esu_activation_ids_are_the_documented_ones() -> None:
    documented = _esu_table()
    assert len(documented) == 3
    assert documented == commands.ESU_ACTIVATION_IDS
    js = (ROOT / "static" / "js" / "commands.js").read_text(encoding="utf-8")
    assert dict(re.findall(r"(esu\d): '([0-9a-f-]{36})'", js)) == documented
    assert documented["esu1"] == texts.ESU_YEAR1


def _command_rows(heading: str) -> dict[str, str]:
    """A product section's table as CommandSet field -> documented command."""
    fields = {}
    for step, cell in _rows(_section(_doc("commands.md"), heading)):
        command = _code(cell)
        if step.startswith("check"):
            fields["status"] = command
        elif "install" in step:
            fields["install_key"] = command
        elif "IID" in step:
            fields["show_iid"] = command
        elif "CID" in step:
            fields["apply_cid"] = command
    assert set(fields) == {"install_key", "show_iid", "apply_cid", "status"}, heading
    return fields


@pytest.mark.parametrize("product", ["windows", "server"])
def test_windows_commands_are_the_documented_ones(product: str) -> None:
    built = commands.build_commands(product, CID).to_dict()
    for field, command in _command_rows("## Windows and Windows Server (`slmgr.vbs`)").items():
        assert built[field] == command.replace("<48 digits>", CID), field


@pytest.mark.parametrize("product", ["esu1", "esu2", "esu3"])
def test_addon_commands_are_the_documented_ones(product: str) -> None:
    heading = "## An add-on licence: Windows 10 ESU and others (`slmgr.vbs` with an Activation ID)"
    built = commands.build_commands(product, CID).to_dict()
    act = _esu_table()[product]
    for field, command in _command_rows(heading).items():
        assert built[field] == command.replace("<48 digits>", CID).replace("<Activation ID>", act), field


def test_office_commands_are_the_documented_ones_in_every_documented_folder() -> None:
    section = _section(_doc("commands.md"), "## Office, volume licence (`ospp.vbs`)")
    folders = {_code(row[1]) for row in _rows(_section(section, "### Where `ospp.vbs` is"))}
    versions = sorted((re.search(r"Office(\d\d)$", f).group(1) for f in folders), reverse=True)
    assert versions == ["16", "15", "14"]
    assert "%ProgramFiles(x86)%" in section  # 32-bit Office on 64-bit Windows
    loop = re.search(r"`(for %V in \(([\d ]+)\) do [^`]+) /dinstid`", section)
    assert loop.group(2).split() == versions
    assert '("%ProgramFiles%" "%ProgramFiles(x86)%")' in loop.group(1)
    built = commands.build_commands("office", CID).to_dict()
    for field, command in _command_rows("## Office, volume licence (`ospp.vbs`)").items():
        expected = command.replace("cscript ospp.vbs", loop.group(1))
        assert built[field] == expected.replace("<48 digits>", CID), field


# --- errors.md --------------------------------------------------------------


def test_error_table_and_explainer_hold_the_same_codes() -> None:
    rows = _rows(_doc("errors.md"))
    documented = [_code(row[0]) for row in rows]
    assert len(documented) == len(set(documented)), "a code is listed twice"
    assert set(documented) == set(explain.ERRORS)
    exported = json.loads((ROOT / "static" / "data" / "errors.json").read_text(encoding="utf-8"))
    assert set(exported["errors"]) == set(documented)
