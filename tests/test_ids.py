"""The ID rules: public samples, parsing odd text, corrections, formatting."""

from __future__ import annotations

import pytest

from activation import ids

SERVER_2025 = "0332550 9038505 3904665 8241863 4275673 7844895 1813845 4639435 4129604"


def test_public_sample_groups_and_labels() -> None:
    parsed = ids.parse_one(f"Installation ID: {SERVER_2025}")
    assert parsed is not None and parsed.valid
    assert [g.label for g in parsed.groups] == list("123456789")
    assert parsed.display() == SERVER_2025
    assert parsed.for_command() == SERVER_2025.replace(" ", "")


def test_cid_labels_are_letters() -> None:
    cid = "".join(
        body + str(ids.check_digit(body))
        for body in ("12345", "54321", "99999", "00000", "11111", "22222", "31415", "27182")
    )
    parsed = ids.analyse(cid)
    assert parsed.form is ids.CID_48 and parsed.valid
    assert [g.label for g in parsed.groups] == list("ABCDEFGH")


def test_failing_group_lists_its_single_digit_fixes() -> None:
    typo = SERVER_2025.replace("3904665", "3904165")
    parsed = ids.parse_one(typo)
    assert parsed is not None and parsed.invalid_labels == ["3"]
    group = parsed.groups[2]
    assert "3904665" in group.corrections
    assert all(ids.group_is_valid(c) for c in group.corrections)
    assert all(sum(a != b for a, b in zip(c, "3904165", strict=True)) == 1 for c in group.corrections)


def test_check_digit_is_never_seven_or_more() -> None:
    assert not ids.group_is_valid("0000007")
    assert ids.group_is_valid("0000000")


@pytest.mark.parametrize("bad", ["", "1", "12a4567", "１２３４５６０", None, 5])
def test_group_validity_rejects_non_digits(bad) -> None:
    assert ids.group_is_valid(bad if isinstance(bad, str) else "") is False


def test_wrong_length_raises_in_analyse_but_not_in_parse() -> None:
    with pytest.raises(ValueError, match="not an ID length"):
        ids.analyse("12345")
    assert ids.parse_ids("12345") == []
    assert ids.parse_ids(None) == []  # type: ignore[arg-type]


def test_kind_filter_and_hint() -> None:
    text = f"{SERVER_2025}"
    assert ids.parse_ids(text, kind="cid") == []
    assert ids.parse_ids(text, kind="iid")
    assert "5 digits" in ids.digit_count_hint("abc 12345")
    assert ids.digit_count_hint("abc") == "no digits found"


def test_format_groups_leaves_unknown_lengths_alone() -> None:
    assert ids.format_groups("123") == "123"
    assert ids.format_groups("0" * 48, "-").count("-") == 7
