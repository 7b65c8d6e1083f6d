"""Characters no installed font can draw, by answers field.

A PDF or DOCX prints such a character as an empty box and says nothing, so `memo render`
warns (or, with ``--strict``, refuses) naming the field. Coverage comes from fontconfig, the
library Pango (and so weasyprint) and LibreOffice pick fonts with: a character is drawable
when some installed font's charset holds it. Latin text never gets this far; only characters
beyond Latin Extended-B are looked up, so a plain memo pays nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

_CDEF = """
typedef int FcBool;
typedef unsigned int FcChar32;
typedef struct _FcPattern FcPattern;
typedef struct _FcObjectSet FcObjectSet;
typedef struct _FcCharSet FcCharSet;
typedef struct _FcConfig FcConfig;
typedef struct { int nfont; int sfont; FcPattern **fonts; } FcFontSet;
typedef enum { FcResultMatch, FcResultNoMatch, FcResultTypeMismatch, FcResultNoId,
               FcResultOutOfMemory } FcResult;
FcBool FcInit(void);
FcPattern *FcPatternCreate(void);
void FcPatternDestroy(FcPattern *p);
FcObjectSet *FcObjectSetBuild(const char *first, ...);
void FcObjectSetDestroy(FcObjectSet *os);
FcFontSet *FcFontList(FcConfig *config, FcPattern *p, FcObjectSet *os);
void FcFontSetDestroy(FcFontSet *s);
FcResult FcPatternGetCharSet(const FcPattern *p, const char *object, int n, FcCharSet **c);
FcBool FcCharSetHasChar(const FcCharSet *fcs, FcChar32 ucs4);
"""


class _Coverage:
    """The charsets of every installed font, asked one character at a time (cached)."""

    def __init__(self) -> None:
        import cffi

        self.ffi = cffi.FFI()
        self.ffi.cdef(_CDEF)
        self.lib = self.ffi.dlopen("libfontconfig.so.1")
        self.lib.FcInit()
        pattern = self.lib.FcPatternCreate()
        objects = self.lib.FcObjectSetBuild(b"charset", self.ffi.cast("char *", 0))
        self.fonts = self.lib.FcFontList(self.ffi.NULL, pattern, objects)
        self.lib.FcObjectSetDestroy(objects)
        self.lib.FcPatternDestroy(pattern)
        self.charsets = []
        for index in range(self.fonts.nfont if self.fonts else 0):
            charset = self.ffi.new("FcCharSet **")
            if self.lib.FcPatternGetCharSet(self.fonts.fonts[index], b"charset", 0,
                                            charset) == 0:
                self.charsets.append(charset[0])
        self.known: dict[str, bool] = {}

    def has(self, char: str) -> bool:
        found = self.known.get(char)
        if found is None:
            code = ord(char)
            found = self.known[char] = any(self.lib.FcCharSetHasChar(c, code)
                                           for c in self.charsets)
        return found


@cache
def coverage() -> _Coverage | None:
    try:
        return _Coverage()
    except (OSError, ImportError, AttributeError):
        return None


def _needs_lookup(char: str) -> bool:
    if ord(char) < 0x250:
        return False
    # Marks that draw nothing (joiners, direction marks, variation selectors) need no font.
    return unicodedata.category(char) not in ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn")


def fields(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) of every string in a dumped answers mapping."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from fields(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from fields(item, f"{path}[{index}]")


def undrawable(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, the characters no installed font has) for each field that has some."""
    found: list[tuple[str, str]] = []
    cover = None
    for field, text in fields(answers):
        odd = [ch for ch in dict.fromkeys(text) if _needs_lookup(ch)]
        if not odd:
            continue
        cover = cover or coverage()
        if cover is None:
            return []
        missing = [ch for ch in odd if not cover.has(ch)]
        if missing:
            found.append((field, "".join(missing)))
    return found


def describe(chars: str, limit: int = 5) -> str:
    shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"
                      for ch in chars[:limit])
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return shown + more
