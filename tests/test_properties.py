"""Property-based tests: formatting never changes an ID, typos never pass, parsing never raises."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from activation import commands, ids

FORMS = [ids.IID_63, ids.IID_54, ids.CID_48]


@st.composite
def valid_ids(draw: st.DrawFn) -> tuple[ids.IdForm, str]:
    form = draw(st.sampled_from(FORMS))
    groups = []
    for _ in range(form.groups):
        body = draw(st.text(alphabet="0123456789", min_size=form.size - 1, max_size=form.size - 1))
        groups.append(body + str(ids.check_digit(body)))
    return form, "".join(groups)


SEPARATORS = st.sampled_from([" ", "-", "  ", "\n", " - ", "\u3000", "\t", "\r\n", "－"])
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(
    valid_ids(),
    SEPARATORS,
    st.booleans(),
    st.sampled_from(["", "Installation ID: ", "インストール ID: ", "確認 ID:\n", "CID "]),
)
def test_every_valid_id_survives_any_formatting(idf, sep, fullwidth, label) -> None:
    form, digits = idf
    groups = ids.split_groups(digits, form)
    text = label + sep.join(groups)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    found = ids.parse_ids(text)
    assert [(p.digits, p.valid) for p in found] == [(digits, True)]


@given(valid_ids(), st.integers(min_value=0), st.integers(min_value=1, max_value=9))
def test_every_substitution_not_off_by_seven_is_caught(idf, pos, delta) -> None:
    form, digits = idf
    pos %= len(digits)
    new = (int(digits[pos]) + delta) % 10
    if abs(new - int(digits[pos])) == 7:
        return
    typo = digits[:pos] + str(new) + digits[pos + 1 :]
    parsed = ids.analyse(typo, form)
    assert parsed.invalid_labels == [form.labels[pos // form.size]]
    assert (
        digits[pos // form.size * form.size : (pos // form.size + 1) * form.size]
        in parsed.groups[pos // form.size].corrections
    )


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(), max_size=400))
def test_parser_never_raises_on_arbitrary_text(text) -> None:
    for parsed in ids.parse_ids(text):
        assert len(parsed.digits) == parsed.form.length


@settings(max_examples=300)
@given(st.text(alphabet=string.digits + " -\n:ABCDEFGHabc１２３", max_size=300))
def test_parser_never_raises_on_digit_heavy_text(text) -> None:
    for parsed in ids.parse_ids(text):
        assert parsed.digits.isdigit()
        assert parsed.valid == all(ids.group_is_valid(g.text) for g in parsed.groups)


@given(st.text(max_size=200), st.sampled_from(list(commands.PRODUCTS)), st.none() | st.text(max_size=60))
def test_command_builder_refuses_cleanly_or_builds_from_a_valid_cid(cid, product, act) -> None:
    try:
        built = commands.build_commands(product, cid, act)
    except commands.CommandError as exc:
        assert str(exc)
        return
    digits = built.apply_cid.split("/atp ")[-1].split("/actcid:")[-1].split(" ")[0]
    assert ids.analyse(digits).valid


@given(valid_ids().filter(lambda f: f[0] is ids.CID_48), st.sampled_from(list(commands.PRODUCTS)))
def test_cmd_file_has_crlf_and_the_digits(idf, product) -> None:
    _, digits = idf
    text = commands.cmd_file(product, digits)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert digits in text and " ".join(ids.split_groups(digits, ids.CID_48)) not in text
    text.encode("ascii")
