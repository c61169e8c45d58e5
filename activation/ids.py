"""The one place that knows what an Installation ID and a Confirmation ID are.

Pure Python, no Flask and no OCR imports: the server, the OCR pipeline and the
CLI all call this module, and the browser's copy (``static/js/ids.js``) is held
to the same JSON test vectors (``tests/vectors/ids.json``).

Facts (``docs/ids.md``): an IID is 63 digits (9 groups of 7) or 54
digits (9 groups of 6); a CID is 48 digits (8 groups of 6, labelled A-H) or,
for Windows XP, 42 digits (7 groups of 6).  The last digit of every group is a
check digit: weights 1, 2, 1, 2, ... over the other digits, summed, mod 7.

Anything that is not a ``str`` is refused, never coerced (a number loses its
leading zeros, a list joins into digits): the functions that look for or
judge IDs (``parse_ids``, ``parse_one``, ``group_is_valid``,
``single_digit_corrections``, ``digit_count_hint``) answer "nothing here" /
"not valid", which never claims a wrong digit right; the functions that
compute from a given ID (``check_digit``, ``analyse``, ``normalise``,
``digit_runs``, ``format_groups``) raise ``TypeError``, since a caller
passing a non-string has a bug to see.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["iid", "cid"]
KINDS: tuple[Kind, ...] = ("iid", "cid")


@dataclass(frozen=True)
class IdForm:
    """A layout an ID can take: how many groups of how many digits, and labels."""

    kind: Kind
    groups: int
    size: int
    name: str

    @property
    def length(self) -> int:
        return self.groups * self.size

    @property
    def labels(self) -> tuple[str, ...]:
        if self.kind == "iid":
            return tuple(str(i + 1) for i in range(self.groups))
        return tuple("ABCDEFGH"[: self.groups])


IID_63 = IdForm("iid", 9, 7, "iid63")
IID_54 = IdForm("iid", 9, 6, "iid54")
CID_48 = IdForm("cid", 8, 6, "cid48")
CID_42 = IdForm("cid", 7, 6, "cid42")  # Windows XP only
FORMS: tuple[IdForm, ...] = (IID_63, IID_54, CID_48, CID_42)
FORMS_BY_LENGTH: dict[int, IdForm] = {f.length: f for f in FORMS}


def _require_str(value: object, what: str) -> str:
    """``value`` if it is a str, else our TypeError (see module docstring)."""
    if not isinstance(value, str):
        raise TypeError(f"{what} expects a str of digits, got {type(value).__name__}")
    return value


def check_digit(body: str) -> int:
    """The check digit for a group's digits before the last one.

    TypeError for a non-string, ValueError for anything but ASCII digits.
    """
    _require_str(body, "check_digit")
    if not body.isascii() or not body.isdigit():
        raise ValueError(f"check_digit expects ASCII digits, got {body!r}")
    total = sum(int(d) * (2 if i % 2 else 1) for i, d in enumerate(body))
    return total % 7


def group_is_valid(group: str) -> bool:
    """True if ``group`` is all digits and its last digit is its check digit.

    False for anything that is not a str.
    """
    if not isinstance(group, str) or len(group) < 2 or not group.isascii() or not group.isdigit():
        return False
    return check_digit(group[:-1]) == int(group[-1])


def single_digit_corrections(group: str) -> list[str]:
    """Every group that differs from ``group`` in exactly one digit and is valid.

    Why: when a group fails, the UI and the OCR offer or try these first; a
    single mistyped or misread digit is by far the most common error.
    Empty for anything that is not a str of ASCII digits.
    """
    if not isinstance(group, str) or not group.isascii() or not group.isdigit():
        return []
    found: list[str] = []
    for pos, old in enumerate(group):
        for new in "0123456789":
            if new == old:
                continue
            candidate = group[:pos] + new + group[pos + 1 :]
            if group_is_valid(candidate):
                found.append(candidate)
    return found


@dataclass(frozen=True)
class Group:
    label: str
    text: str
    valid: bool
    corrections: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedId:
    """An ID split into its groups, each checked."""

    form: IdForm
    digits: str
    groups: tuple[Group, ...] = field(repr=False)

    @property
    def kind(self) -> Kind:
        return self.form.kind

    @property
    def valid(self) -> bool:
        return all(g.valid for g in self.groups)

    @property
    def invalid_labels(self) -> list[str]:
        return [g.label for g in self.groups if not g.valid]

    def display(self) -> str:
        """Groups separated by spaces, as people read and type them."""
        return format_groups(self.digits)

    def for_command(self) -> str:
        """Digits only: slmgr and ospp want no spaces and no dashes."""
        return self.digits

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "form": self.form.name,
            "digits": self.digits,
            "display": self.display(),
            "valid": self.valid,
            "invalid_groups": self.invalid_labels,
            "groups": [
                {
                    "label": g.label,
                    "text": g.text,
                    "valid": g.valid,
                    "corrections": list(g.corrections),
                }
                for g in self.groups
            ],
        }


def split_groups(digits: str, form: IdForm) -> list[str]:
    return [digits[i * form.size : (i + 1) * form.size] for i in range(form.groups)]


def analyse(digits: str, form: IdForm | None = None) -> ParsedId:
    """Check a digit string of a known length group by group.

    Raises ValueError when the length fits no form (or not the one given),
    TypeError when ``digits`` is not a str.
    """
    digits = normalise(_require_str(digits, "analyse"))
    digits = re.sub(r"\D", "", digits)
    form = form or FORMS_BY_LENGTH.get(len(digits))
    if form is None or len(digits) != form.length:
        lengths = ", ".join(str(f.length) for f in FORMS)
        raise ValueError(f"{len(digits)} digits is not an ID length ({lengths})")
    groups = []
    for label, text in zip(form.labels, split_groups(digits, form), strict=True):
        valid = group_is_valid(text)
        fixes = () if valid else tuple(single_digit_corrections(text))
        groups.append(Group(label, text, valid, fixes))
    return ParsedId(form, digits, tuple(groups))


def format_groups(digits: str, sep: str = " ") -> str:
    """``digits`` split into its form's groups; unchanged if no form fits."""
    _require_str(digits, "format_groups")
    form = FORMS_BY_LENGTH.get(len(digits))
    if form is None:
        return digits
    return sep.join(split_groups(digits, form))


# --- parsing free text -----------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\u2043\ufe63"
_SEPARATOR = rf"[\s\-{_DASHES}_.,'·・]"
# A group label in front of a group: "A", "A:", "1.", "(3)", "Group 2:" ...
_LABEL = re.compile(
    r"(?<![0-9A-Za-z])"
    r"(?:(?:group|block|グループ|ブロック)\s*)?"
    r"(?:\(?[A-Ha-h]\)?[:：.)]?|\(?[1-9]\)?[:：.)])"
    r"(?=[\s\-]*[0-9])",
    re.IGNORECASE,
)
# Group letters standing alone, such as the portal card's header rows "A B C D E".
_LETTER_ROW = re.compile(r"(?<![0-9A-Za-z])[A-H](?![0-9A-Za-z])")
_RUN = re.compile(rf"[0-9](?:{_SEPARATOR}*[0-9])*")
# An Extended PID as Windows prints it (slmgr /dlv, VAMT): the product's number, printed above the
# IID, not an ID (docs/ids.md).  Any one separator between its numbers: an OCR engine reads a
# dash as a space now and then.
EXTENDED_PID = re.compile(
    r"\d{5}S\d{5}S\d{3}S\d{6}S\d{2}S\d{4}S\d{4,5}[.,]\d{4}S\d{7}".replace("S", _SEPARATOR)
)
# Its last two numbers, the build and a seven-digit date code ("7601.0000-3122019"): a shape
# no ID's display has (an ID's groups are six or seven digits), so they explain the line when
# a mark drawn across the PID's front spoils the rest ("799-G04699-03-1041 7601.0000 1022019").
EXTENDED_PID_TAIL = re.compile(r"(?<![0-9])\d{4,5}[.,]\d{4}S\d{7}(?![0-9])".replace("S", _SEPARATOR))
# A GUID (the Activation and Application IDs /dlv prints above the IID): its last group can
# hold a dozen digits in a row, never an ID.
GUID = re.compile(
    r"[0-9a-f]{8}S[0-9a-f]{4}S[0-9a-f]{4}S[0-9a-f]{4}S[0-9a-f]{12}".replace("S", _SEPARATOR), re.IGNORECASE
)

# What a line read whole may show instead of an ID: any match explains those digits.
NOT_IDS = (EXTENDED_PID, EXTENDED_PID_TAIL, GUID)
# A telephone number ("+1 807 555 4587", "(800) 555-0123", "0120-801-734"): pieces of at most
# five digits, the first after a "+" or in brackets or followed by one separator.  An ID's
# display has no piece under six digits, so this explains digits an engine joined across the
# spaces (PP-OCR's characters leave spaces out: "18075554587" above the IID of the Windows
# activation screen).  Not in NOT_IDS: it explains its own digits, never a whole row.
PHONE_NUMBER = re.compile(
    r"(?<![0-9])(?:\+\d{1,3}S|\(\d{1,5}\)\s?|\d{1,5}S)(?:\d{1,4}S){1,3}\d{3,4}(?![0-9])".replace(
        "S", r"[\s\-.]"
    )
)


def normalise(text: str) -> str:
    """Full-width digits and spaces to ASCII (Japanese input methods), NFKC."""
    return unicodedata.normalize("NFKC", _require_str(text, "normalise"))


@dataclass(frozen=True)
class DigitRun:
    """Digits that stand together in the text, with their token boundaries."""

    digits: str
    cuts: frozenset[int]  # offsets in ``digits`` where a separator stood


def digit_runs(text: str) -> list[DigitRun]:
    """Runs of digits joined only by spaces, dashes, line breaks or labels."""
    text = normalise(text)
    text = _LABEL.sub(" ", text)
    text = _LETTER_ROW.sub(" ", text)
    runs: list[DigitRun] = []
    for match in _RUN.finditer(text):
        digits: list[str] = []
        cuts: set[int] = set()
        gap = False
        for ch in match.group(0):
            if ch.isdigit():
                if gap and digits:
                    cuts.add(len(digits))
                digits.append(ch)
                gap = False
            else:
                gap = True
        runs.append(DigitRun("".join(digits), frozenset(cuts)))
    return runs


def _valid_windows(run: DigitRun) -> list[ParsedId]:
    """Fully valid IDs hidden in a longer run (other numbers glued to them)."""
    found: list[ParsedId] = []
    taken_until = 0
    pos = 0
    digits = run.digits
    while pos < len(digits):
        hit = None
        for form in FORMS:
            if form.length == 42:
                continue  # too short to find safely inside other digits
            end = pos + form.length
            if end > len(digits):
                continue
            if pos and pos not in run.cuts:
                continue  # an ID starts where a separator stood
            if end != len(digits) and end not in run.cuts:
                continue
            chunk = digits[pos:end]
            if all(group_is_valid(g) for g in split_groups(chunk, form)):
                hit = analyse(chunk, form)
                break
        if hit is not None and pos >= taken_until:
            found.append(hit)
            taken_until = pos + hit.form.length
            pos = taken_until
        else:
            pos += 1
    return found


def parse_ids(text: str, kind: Kind | None = None) -> list[ParsedId]:
    """Every IID or CID in ``text``, in order of appearance; never raises
    (empty for anything that is not a str).

    A run of digits whose length is an ID's length is returned even when
    some groups fail (so the user sees which); inside a longer run only
    fully valid IDs are returned, since anything else would be a guess.
    """
    if not isinstance(text, str):
        return []
    found: list[ParsedId] = []
    for run in digit_runs(text):
        form = FORMS_BY_LENGTH.get(len(run.digits))
        if form is not None:
            parsed = analyse(run.digits, form)
            found.append(parsed)
        elif len(run.digits) > min(f.length for f in FORMS):
            found.extend(_valid_windows(run))
    if kind is not None:
        found = [p for p in found if p.kind == kind]
    return found


def parse_one(text: str, kind: Kind | None = None) -> ParsedId | None:
    """The first valid ID in ``text`` or else the first ID found, or None
    (None for anything that is not a str)."""
    found = parse_ids(text, kind)
    for parsed in found:
        if parsed.valid:
            return parsed
    return found[0] if found else None


def digit_count_hint(text: str) -> str:
    """Why no ID was found: tell the user how many digits we did see."""
    if not isinstance(text, str):
        return "no digits found"
    runs = digit_runs(text)
    if not runs:
        return "no digits found"
    longest = max(runs, key=lambda r: len(r.digits))
    want = " or ".join(str(f.length) for f in FORMS if f.length != 42)
    return f"found {len(longest.digits)} digits together; an ID has {want}"
