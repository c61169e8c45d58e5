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


@pytest.mark.parametrize(
    "bad", ["", "1", "12a4567", "１２３４５６０", None, 5, 3320, ["0332550"], b"0332550"]
)
def test_group_validity_rejects_non_digits(bad) -> None:
    assert ids.group_is_valid(bad) is False
    assert ids.single_digit_corrections(bad) == []


@pytest.mark.parametrize(
    "bad", [None, 5, 332550903850539046658241863427567378448951813845463943541296, b"0332550"]
)
def test_searches_find_nothing_in_a_non_string(bad) -> None:
    assert ids.parse_ids(bad) == []
    assert ids.parse_one(bad) is None
    assert ids.digit_count_hint(bad) == "no digits found"


@pytest.mark.parametrize(
    "bad",
    [
        None,
        5,
        3320,
        SERVER_2025.split(),
        b"0332550",
        332550903850539046658241863427567378448951813845463943541296,
    ],
)
def test_computations_refuse_a_non_string(bad) -> None:
    """A number loses its leading zero and a list joins into digits: never coerce."""
    for call in (ids.check_digit, ids.analyse, ids.normalise, ids.digit_runs, ids.format_groups):
        with pytest.raises(TypeError, match="expects a str"):
            call(bad)


def test_check_digit_refuses_non_digits() -> None:
    with pytest.raises(ValueError, match="ASCII digits"):
        ids.check_digit("12a45")


def test_wrong_length_raises_in_analyse_but_not_in_parse() -> None:
    with pytest.raises(ValueError, match="not an ID length"):
        ids.analyse("12345")
    assert ids.parse_ids("12345") == []


def test_kind_filter_and_hint() -> None:
    text = f"{SERVER_2025}"
    assert ids.parse_ids(text, kind="cid") == []
    assert ids.parse_ids(text, kind="iid")
    assert "5 digits" in ids.digit_count_hint("abc 12345")
    assert ids.digit_count_hint("abc") == "no digits found"


def test_format_groups_leaves_unknown_lengths_alone() -> None:
    assert ids.format_groups("123") == "123"
    assert ids.format_groups("0" * 48, "-").count("-") == 7


@pytest.mark.parametrize(
    "text",
    [
        "Extended PID: 00392-00170-918-500000-03-1033-7601.0000-3122019",  # issue 10's example
        "拡張 PID: 07350-02859 437 415305 03 1041 7601.0000 3532019",  # dashes read as spaces
        "00038ー01161ー646ー951862ー03ー1041ー19045.0000ー0312024",  # a Japanese long mark for a dash
    ],
)
def test_an_extended_pid_is_found_whatever_one_separator_stands_between_its_numbers(text) -> None:
    assert ids.EXTENDED_PID.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "003925504800170918500000031033760100003122019",  # no separators: the digits alone prove nothing
        "00392-0017-918-500000-03-1033-7601.0000-3122019",  # a number of the wrong size
        "033255090385053904665824186342756737844895181384546394354129604",  # an IID
    ],
)
def test_no_other_number_is_taken_for_an_extended_pid(text) -> None:
    assert not ids.EXTENDED_PID.search(text)


def test_an_extended_pid_whose_front_a_drawn_line_spoiled_is_known_by_its_tail() -> None:
    # PP-OCR's reading of a /dlv screenshot with a red box drawn across the PID's line: "6" read
    # "G", two dashes as spaces; "0000 1022019" was a run of 11 digits above the IID.
    text = "拡張 PID:01097-03074 799-G04699-03-1041 7601.0000 1022019"
    assert not ids.EXTENDED_PID.search(text)
    assert ids.EXTENDED_PID_TAIL.search(text).group() == "7601.0000 1022019"
    assert ids.EXTENDED_PID_TAIL.search("19045.0000-0312024")


IID_63 = "033255090385053904665824186342756737844895181384546394354129604"
IID_54 = "002305604110316735813154037446052512430706036205233153"


@pytest.mark.parametrize("sep", [" ", "-", ".", ". ", ","])
@pytest.mark.parametrize("digits,size", [(IID_63, 7), (IID_54, 6), (IID_54[:48], 6)])
def test_no_id_display_looks_like_an_extended_pid_tail(digits, size, sep) -> None:
    shown = sep.join(digits[k : k + size] for k in range(0, len(digits), size))
    assert not ids.EXTENDED_PID_TAIL.search(shown)


@pytest.mark.parametrize(
    "text",
    [
        "+1 807 555 4587",
        "(800) 555-0123",
        "0120-801-734",
        "03-1234-5678",
        "+81 3-1234-5678",
        "Tel. 0120.801.734",
    ],
)
def test_a_telephone_number_is_found_whole(text) -> None:
    found = ids.PHONE_NUMBER.search(text)
    assert found and sum(ch.isdigit() for ch in found.group()) == sum(ch.isdigit() for ch in text)


@pytest.mark.parametrize("sep", [" ", "-", ".", ". ", ","])
@pytest.mark.parametrize("digits,size", [(IID_63, 7), (IID_54, 6), (IID_54[:48], 6)])
def test_no_digit_of_an_id_display_is_taken_for_a_telephone_number(digits, size, sep) -> None:
    shown = sep.join(digits[k : k + size] for k in range(0, len(digits), size))
    assert not ids.PHONE_NUMBER.search(shown)
    assert not ids.PHONE_NUMBER.search(digits)


def test_one_dot_misread_inside_an_unbroken_iid_is_no_extended_pid_tail() -> None:
    for k in range(1, len(IID_63)):
        assert not ids.EXTENDED_PID_TAIL.search(IID_63[:k] + "." + IID_63[k:])
        assert not ids.EXTENDED_PID_TAIL.search(IID_63[:k] + "." + IID_63[k + 1 :])


@pytest.mark.parametrize(
    "text",
    [
        "Activation ID: 32085272-3174-766b-4405-73519255744f",
        "アプリケーション ID: 55C92734 D682 4D71 983E D6EC3F16059F",  # upper case, dashes read as spaces
    ],
)
def test_a_guid_is_found_in_either_case_with_any_one_separator(text) -> None:
    assert ids.GUID.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "033255090385053904665824186342756737844895181384546394354129604",  # an IID
        "3208527-3174-766b-4405-73519255744f",  # a first group of seven
        "00392-00170-918-500000-03-1033-7601.0000-3122019",  # an Extended PID
    ],
)
def test_no_other_number_is_taken_for_a_guid(text) -> None:
    assert not ids.GUID.search(text)
