"""Random but valid IDs (every group ends with its check digit), from activation.ids.

Why: the benchmark must not learn a fixed set of digits; the generator draws
fresh IDs per seed, with some hard cases mixed in (groups of repeated digits
such as 9999999, 1111111, 0000000) and the public sample IDs from docs/ids.md.
"""

from __future__ import annotations

import random

from activation.ids import CID_48, IID_54, IID_63, IdForm, analyse, check_digit

# Public sample IDs (docs/ids.md); all pass the check-digit rule.
PUBLIC_IIDS_63 = (
    "033255090385053904665824186342756737844895181384546394354129604",
    "489126343257012289105546522085205332958764158851011127139061121",
)
PUBLIC_IIDS_54 = ("020650770493837252929082195773527024195725809211989214",)


def make_group(rng: random.Random, size: int, repeat_share: float = 0.08) -> str:
    """One valid group; sometimes all its body digits are the same (999999 + check)."""
    if rng.random() < repeat_share:
        body = rng.choice("0123456789") * (size - 1)
    else:
        body = "".join(rng.choice("0123456789") for _ in range(size - 1))
    return body + str(check_digit(body))


def make_id(rng: random.Random, form: IdForm, repeat_share: float = 0.08) -> str:
    """Digits of a valid ID of ``form``."""
    digits = "".join(make_group(rng, form.size, repeat_share) for _ in range(form.groups))
    assert analyse(digits, form).valid
    return digits


def make_iid(rng: random.Random, short: bool = False, public_share: float = 0.06) -> str:
    """A 63-digit IID (or a 54-digit one if ``short``); now and then a public sample."""
    if rng.random() < public_share:
        return rng.choice(PUBLIC_IIDS_54 if short else PUBLIC_IIDS_63)
    return make_id(rng, IID_54 if short else IID_63)


def make_cid(rng: random.Random) -> str:
    return make_id(rng, CID_48)


def groups(digits: str, size: int) -> list[str]:
    return [digits[i : i + size] for i in range(0, len(digits), size)]
