"""Swedish conventions: month names, number format, plural words and sort order."""

from __future__ import annotations

import functools
import math
from decimal import Decimal

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

# Python orders "ä" before "å"; Swedish puts å, ä, ö after z in that order.
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {char: index for index, char in enumerate(_ALPHABET)}
_FOLD = str.maketrans({"é": "e", "è": "e", "ü": "y", "à": "a", "á": "a", "æ": "ä", "ø": "ö"})


@functools.lru_cache(maxsize=4096)  # records sort by a few names over and over
def sort_key(text: str) -> tuple[tuple[int, str], ...]:
    """A key that sorts Swedish text the way a Swedish reader expects (å ä ö after z)."""
    folded = text.casefold().translate(_FOLD)
    # Spaces and punctuation sort before letters and digits: "Norra Djurgården" < "Norrahammar".
    return tuple(
        (_RANK.get(char, len(_ALPHABET) if char.isalnum() else -1), char) for char in folded
    )


def format_number(value: float, decimals: int | None = None) -> str:
    """Format a number the Swedish way: "1 234,5" (no-break space, decimal comma)."""
    if decimals is None:
        # As many decimals as the value has: 0.25 stays 0,25, 380.0 is 380; never a float's
        # artifact (12.300000000000002 is 12,3) nor an exponent (1e-07 is 0,0000001).
        if float(value).is_integer():
            text = f"{int(value):,}"
        else:
            exact = Decimal(repr(round(float(value), 12))).normalize()
            whole, _, fraction = f"{exact:f}".partition(".")
            text = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
            if whole.startswith("-") and int(whole) == 0:
                text = "-" + text
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",").replace("-", "−")


def format_percent(share: float | None) -> str:
    """ "63 %" for 0.625 (half up, as a reader rounds); "–" when unknown."""
    if share is None:
        return "–"
    return f"{format_number(math.floor(share * 100 + 0.5))}\u00a0%"


def genitive(name: str) -> str:
    """ "SISAB" → "SISABs", "Svenska Bostäder" → "Svenska Bostäders", "Ives" → "Ives"."""
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def lower_first(text: str) -> str:
    """ "Kommunstyrelsen" → "kommunstyrelsen" (for use inside a sentence)."""
    return text[:1].lower() + text[1:]


def plural(count: int, singular: str, plural_form: str) -> str:
    """ "1 fil", "2 filer"."""
    return f"{count} {singular if count == 1 else plural_form}"
