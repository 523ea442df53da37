"""Vietnamese text normalisation: NFC storage and diacritic-free search keys.

Text is stored in NFC whatever the client sent (NFD from macOS keyboards is common).
Search ignores diacritics, and ``đ``/``Đ`` fold to ``d`` — Unicode decomposition
does not do that by itself, nor does SQLite FTS5, so it is done here once for both
database engines.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding white space trimmed."""
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """Return a search key: lower case, no diacritics, đ→d, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold().translate(_D_FOLD)).strip()
