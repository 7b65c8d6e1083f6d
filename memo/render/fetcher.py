"""The only way weasyprint may load a resource: a URL fetcher that refuses almost everything.

Memo content is untrusted text and user templates are untrusted layout, so the PDF renderer
must never read a local file (``file://``), reach the network (``http(s)://``, ``ftp://``)
or follow a redirect. The fetcher allows exactly two kinds of URL:

- ``memo-asset:NAME``: a file among the assets shipped with memo (``templates/assets/``) or,
  when ``--template-dir`` is given, inside that folder. The name is resolved and must stay
  inside one of those roots (no ``..``, no symlink leaving them).
- ``data:`` URLs, which carry their bytes inline and so can read nothing and reach nowhere.

Everything else raises :class:`RefusedURL`; weasyprint then skips the resource. Every refusal is
recorded on the fetcher so the renderer and the tests can see what was blocked.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

from weasyprint.urls import URLFetcher, URLFetcherResponse

from memo.errors import UserError
from memo.files import read_regular

ASSET_SCHEME = "memo-asset:"
ASSET_CAP = 8 * 1024 * 1024  # a logo or a font for a one-page memo
ASSET_TOO_BIG = f"assets are capped at {ASSET_CAP:,} bytes (8 MiB)"


class RefusedURL(ValueError):
    """A resource URL that the memo renderer will not load."""


class SafeURLFetcher(URLFetcher):
    """A weasyprint URL fetcher limited to packaged assets and inline ``data:`` URLs."""

    def __init__(self, asset_roots: list[Path]) -> None:
        # allowed_protocols=() keeps the inherited machinery from opening anything even if
        # some code path reached it; redirects are off for the same reason.
        super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1)
        self.asset_roots = [root.resolve() for root in asset_roots if root.is_dir()]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        lowered = url.strip().lower()
        if lowered.startswith(ASSET_SCHEME):
            return self._asset(url)
        if lowered.startswith("data:"):
            return _data_url(url)
        return self._refuse(url, "only packaged assets and data: URLs may be loaded")

    def _asset(self, url: str) -> URLFetcherResponse:
        name = unquote(url.strip()[len(ASSET_SCHEME):]).lstrip("/")
        if not name or "\x00" in name:
            return self._refuse(url, "empty asset name")
        for root in self.asset_roots:
            candidate = (root / name).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                try:  # bounded, regular files only (is_file followed a link; this re-checks)
                    data = read_regular(candidate, ASSET_CAP, too_big=ASSET_TOO_BIG)
                except UserError as exc:
                    return self._refuse(url, str(exc))
                media_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, data, {"Content-Type": media_type})
        return self._refuse(url, "no such packaged asset")

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        self.refused.append(url)
        raise RefusedURL(f"refused to load {url[:200]!r}: {why}")


def _data_url(url: str) -> URLFetcherResponse:
    header, sep, payload = url.partition(",")
    if not sep:
        raise RefusedURL("malformed data: URL")
    meta = header[len("data:"):].split(";")
    media_type = meta[0] or "text/plain"
    if "base64" in meta[1:]:
        body = base64.b64decode(unquote(payload), validate=False)
    else:
        body = unquote_to_bytes(payload)
    return URLFetcherResponse(url, body, {"Content-Type": media_type})
