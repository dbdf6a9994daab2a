"""The text of an imported marking-scheme cell: normalised as ORIGINS Part 2 C7 says, and the
signs of a broken encoding that are worth a warning."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035", "'"),  # ‘ ’ ‚ ‛ ′ ‵
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036", '"'),  # “ ” „ ‟ ″ ‶
        **dict.fromkeys("\u2022\u2023\u2043\u25e6\u25aa\u25cf\u25cb\u2219\u00b7", "-"),  # •‣⁃◦▪●○∙·
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015", "-"),  # ‐‑‒–—―
        # NBSP and the other Unicode spaces
        **dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a", " "),
        **dict.fromkeys("\u202f\u205f\u3000", " "),
        **dict.fromkeys("\ufeff\u200b", ""),  # a byte-order mark or zero-width space left in a cell
    }
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HORIZONTAL = re.compile(r"[ \t]+")
_SPACE_AT_LINE_END = re.compile(r" ?\n ?")
_MANY_NEWLINES = re.compile(r"\n{3,}")

# UTF-8 read as Windows-1252: "â€™" for ’, "Ã©" for é, "Â " for a no-break space.
_MOJIBAKE = re.compile("â€|[ÃÂ][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039]")
_UNBROKEN = re.compile(r"\S{501,}")
# Unicode's private-use areas (category Co): the BMP's and planes 15 and 16.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
LONG_UNBROKEN = 500


def normalise(text: str) -> str:
    """NFC; smart quotes and primes → straight; bullets and dashes → "-"; Unicode spaces →
    space; control characters out (newlines and tabs kept); CRLF → LF; runs of spaces and tabs →
    one space; at most two newlines in a row; trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    text = _HORIZONTAL.sub(" ", text)
    text = _SPACE_AT_LINE_END.sub("\n", text)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def encoding_warnings(text: str) -> list[str]:
    """What looks broken in the cell as read (before normalise): each kind once."""
    found = []
    if _MOJIBAKE.search(text):
        found.append("looks like mis-decoded text (mojibake)")
    if "\ufffd" in text:
        found.append("contains the replacement character �")
    if _CONTROLS.search(text.replace("\r", "")):
        found.append("contains control characters")
    if _PRIVATE_USE.search(text):
        found.append("contains private-use characters")
    if _UNBROKEN.search(text):
        found.append(f"has over {LONG_UNBROKEN} characters without a space")
    return found
