"""What the OCR stages hand each other: a typed result, made a dict only at the API and CLI boundary.

Why typed: the stages (assembly, the second engine, the QR code, the advice) once passed plain
dicts with private keys riding along (the Tesseract readings, "a run above"); a misspelt key
was a silent ``None``.  Here every field is named and typed, the internal ones never reach the
JSON, and ``to_dict`` is the one place that decides the API's keys, their order and omissions
(README.md's result table; ``ocr.read_image`` returns it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from activation.ids import group_is_valid

from .arbitrate import Reading

if TYPE_CHECKING:
    from .ppocr import Line

BoxInt = tuple[int, int, int, int]  # x, y, width, height in the upright picture's pixels


@dataclass(frozen=True)
class Group:
    """One group of the ID as read: its digits, whether they may be given as an answer, and where."""

    label: str  # "1".."9" for an IID, "A".."H" for a CID
    text: str
    valid: bool  # certain: check digit holds and the engines' evidence is enough (ocr.arbitrate)
    confidence: float
    box: BoxInt
    repaired: bool
    doubt: str | None = None  # the reason code when not valid (ocr.arbitrate.Verdict.reason, or "cut")
    boxes: tuple[BoxInt, ...] | None = None  # one box per line when the group wraps onto the next

    def to_dict(self) -> dict[str, Any]:
        """The API's group: ``doubt`` only when not valid, ``boxes`` only for a wrapped group."""
        out: dict[str, Any] = {
            "label": self.label,
            "text": self.text,
            "valid": self.valid,
            "confidence": self.confidence,
            "box": list(self.box),
            "repaired": self.repaired,
        }
        if not self.valid:
            out["doubt"] = self.doubt
        if self.boxes is not None:
            out["boxes"] = [list(b) for b in self.boxes]
        return out


@dataclass(frozen=True)
class OtherId:
    """Another whole ID seen on the page (the API's ``candidates``): offered, never the answer."""

    digits: str | None
    form: str | None
    layout: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"digits": self.digits, "form": self.form, "layout": self.layout}


@dataclass(frozen=True)
class Fact:
    """One thing ``ocr.advice`` says was found when the ID is not complete (the API's ``found``):
    a stable code and its numbers, worded by the app in the user's language."""

    code: str  # digits, order_unknown, cut_at_edge, no_id, text_small, stopped_early
    count: int | None = None  # digits: how many were read
    groups: int | None = None  # digits: in how many groups
    doubtful: int | None = None  # digits: how many of the groups are not certain
    glyph_px: int | None = None  # text_small: the digits' height in the picture's pixels
    seconds: float | None = None  # stopped_early: the CPU seconds after which no pass started

    def to_dict(self) -> dict[str, Any]:
        """The code, then only the numbers this code carries."""
        numbers = {k: getattr(self, k) for k in ("count", "groups", "doubtful", "glyph_px", "seconds")}
        return {"code": self.code, **{k: v for k, v in numbers.items() if v is not None}}


@dataclass(frozen=True)
class QrOrigin:
    """What the kit's QR code carried besides the IID (each None for a bare IID)."""

    pc: str | None
    product: str | None
    activation_id: str | None


@dataclass(frozen=True)
class Result:
    """One picture's reading of an IID or CID, between the OCR stages and out to the API."""

    kind: str  # "iid" or "cid"
    digits: str | None = None  # all the digits when every group has the form's length
    complete: bool = False  # the promise: every group certain, in a proven order (ocr.arbitrate)
    form: str | None = None  # activation.ids form name
    order_certain: bool = False
    layout: str | None = None  # how the groups were put in order (ocr.arrangements' evidence) or "qr"
    groups: tuple[Group, ...] = ()
    candidates: tuple[OtherId, ...] = ()
    engines: tuple[str, ...] | None = None  # None: no engine read it (the kit's QR code)
    qr: QrOrigin | None = None  # set when the ID came from the kit's QR code
    found: tuple[Fact, ...] | None = None  # ocr.advice's facts; None: not explained
    advice: str | None = None  # ocr.advice's one suggestion (None when complete)
    seconds: float | None = None  # wall time of the whole read, set by ocr.pipeline.read
    # Between the stages only, never in the API:
    readings: tuple[Reading, ...] = field(default=(), repr=False)  # Tesseract's, one per group
    run_above: bool = False  # an unread long run of digits stands above this IID: never complete
    run_above_box: BoxInt | None = None  # ... where it is (in the picture), when Tesseract saw it
    # Lines read roughly as many digits in short pieces (ocr.pipeline._pieced_lines): an IID
    # below one is complete only once PP-OCR has read it and found no long run there.
    pieced_lines: tuple[BoxInt, ...] = field(default=(), repr=False)
    # Rows above where an ID starts and no reading could go on (ocr.pipeline._started_above):
    # an IID below one is never complete.
    started_above: tuple[BoxInt, ...] = field(default=(), repr=False)
    # Where PP-OCR's second opinion read the picture whole at its own resolution, and the lines
    # it read there (ocr.second._lines_in): what it saw need not be read again.
    pp_read: tuple[BoxInt, tuple[Line, ...]] | None = field(default=None, repr=False)
    digits_cut: bool = False  # no ID put together, but digits were read running into the border
    digit_px: float = 0.0  # no ID put together: the digits read, median height in the picture (0: none)

    def to_dict(self) -> dict[str, Any]:
        """The API's JSON object (README.md's result table), keys in their documented order."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "digits": self.digits,
            "complete": self.complete,
            "form": self.form,
            "order_certain": self.order_certain,
            "layout": self.layout,
            "groups": [g.to_dict() for g in self.groups],
            "candidates": [c.to_dict() for c in self.candidates],
        }
        if self.engines is not None:
            out["engines"] = list(self.engines)
        if self.qr is not None:
            out["source"] = "qr"
            out["pc"] = self.qr.pc
            out["product"] = self.qr.product
            out["activation_id"] = self.qr.activation_id
        if self.found is not None:
            out["found"] = [f.to_dict() for f in self.found]
            out["advice"] = self.advice
        if self.seconds is not None:
            out["seconds"] = self.seconds
        return out


def whole(result: Result) -> bool:
    """True when ``result`` holds a whole ID in a proven order, every check digit holding as read:
    one to offer among the ``candidates``, never to answer with."""
    return bool(result.digits and result.order_certain and all(group_is_valid(g.text) for g in result.groups))


def standing(result: Result) -> tuple[bool, int, int]:
    """How far ``result`` got, to choose between two readings of one picture: complete, then
    groups passing their check digits, then groups found."""
    return (result.complete, sum(g.valid for g in result.groups), len(result.groups))


__all__ = ["BoxInt", "Fact", "Group", "OtherId", "QrOrigin", "Result", "standing", "whole"]
