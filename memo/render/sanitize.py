"""Text that XML 1.0 (and so Word) can hold. Pure."""

from __future__ import annotations

import re

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: object) -> str:
    """``value`` as text with every character XML cannot hold removed (never raises)."""
    return _NOT_XML.sub("", "" if value is None else str(value))
