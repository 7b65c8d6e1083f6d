"""Importing weasyprint without its slow library search.

weasyprint opens GObject, Pango, HarfBuzz, fontconfig and PangoFT2 by trying several names
for each (one per platform) with cffi's ``dlopen``. A name that is not a file ``dlopen`` can
open makes cffi ask ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and
then ``gcc`` and ``ld`` as subprocesses: 22 searches, about 0.2 s of the 0.5 s import, all
for names that are not found. Every list ends with the Linux file name
(``libpango-1.0.so.0``), which ``dlopen`` opens by itself from the same paths, so memo
imports weasyprint with the search answering "not found" at once: the same libraries are
loaded (a test compares the process's mapped libraries both ways). If that import fails
(another platform, or libraries only the search would find) it is simply done again with
the real search, whose error, if any, is the one reported.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

_LOCK = threading.Lock()


def _not_found(name: str) -> None:
    return None


def load_weasyprint() -> ModuleType:
    """``import weasyprint``, skipping ``find_library``'s subprocesses where possible."""
    with _LOCK:  # one patched import at a time (the preload thread and the renderer)
        if "weasyprint" not in sys.modules:
            import ctypes.util

            search = ctypes.util.find_library
            ctypes.util.find_library = _not_found
            try:
                return importlib.import_module("weasyprint")
            except OSError:
                for name in [n for n in sys.modules if n.split(".")[0] == "weasyprint"]:
                    del sys.modules[name]  # half-imported: import again with the search
            finally:
                ctypes.util.find_library = search
    return importlib.import_module("weasyprint")
