"""Where the PDF is laid out: weasyprint in this process, or in a child forked at start-up.

Before its first layout, `memo render -f pdf` spends about a quarter of a second of CPU on
its own work (validating and checking the answers, the price catalogue, the HTML) and as
much importing weasyprint and setting up its fonts. The two do not depend on each other, so
the command forks as it starts (:func:`start`): the child imports weasyprint while the
parent does memo's work, then lays out the HTML the parent sends and writes the PDF. With a
second core free they overlap; with one, only the fork is lost (a few milliseconds).

Messages are pickled both ways over two pipes: a request to the child, and back its result
with the log records weasyprint wrote meanwhile, which the parent logs again so they reach
the same handlers as in-process ones. Where fork is not available (not Linux), where
weasyprint is already imported (a test process) or if the child dies, weasyprint runs in
this process (:class:`LocalEngine`), started in a background thread as a head start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

_HEADER = struct.Struct("<Q")
# Laid out by the child while the parent works: loads the memo's fonts into Pango's caches.
WARM_UP = ('<p style="font-family: Carlito, Calibri, \'DejaVu Sans\', sans-serif">'
           "Memo <b>memo</b></p>")


@dataclass
class Laid:
    """One layout: its page count, the content height it needs (CSS px, summed over its
    pages), the resources its fetcher refused, and the document (or the child's id for it)."""

    pages: int
    needed: float
    document: Any
    refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """What a layout needs besides the HTML: the asset folders and weasyprint's options."""

    roots: tuple[str, ...]
    pdf: tuple[tuple[str, Any], ...]


class WorkerGone(RuntimeError):
    """The layout child ended or broke the pipe: the renderer starts over in-process."""


class LocalEngine:
    """weasyprint in this process; one font configuration for every memo."""

    def __init__(self) -> None:
        self._fonts: Any = None

    def layout(self, html: str, job: Job) -> Laid:
        from memo.render.engine import load_weasyprint
        from memo.render.fetcher import SafeURLFetcher

        weasyprint = load_weasyprint()
        if self._fonts is None:
            from weasyprint.text.fonts import FontConfiguration

            self._fonts = FontConfiguration()
        fetcher = SafeURLFetcher([Path(root) for root in job.roots])
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
            font_config=self._fonts, **dict(job.pdf))
        document.memo_fetcher = fetcher  # the attachment is fetched through it too
        return Laid(len(document.pages), needed_height(document), document,
                    list(fetcher.refused))

    def write(self, laid: Laid, answers: bytes, name: str, description: str,
              job: Job) -> tuple[bytes, list[str]]:
        from memo.render.engine import load_weasyprint

        weasyprint = load_weasyprint()
        fetcher = laid.document.memo_fetcher
        before = len(fetcher.refused)
        attachment = weasyprint.Attachment(string=answers, name=name, description=description,
                                           url_fetcher=fetcher, relationship="Source")
        data = laid.document.write_pdf(attachments=[attachment], **dict(job.pdf))
        return data, list(fetcher.refused[before:])

    def forget(self) -> None:
        """The memo is written: its layouts may go."""

    def close(self) -> None:
        pass


def needed_height(document: Any) -> float:
    """The height the content needs: what each page holds, added up (a block kept whole
    moves to the next page and leaves a gap that is not counted)."""
    return sum(content_height(document, index) for index in range(len(document.pages)))


def content_height(document: Any, page_index: int = 0) -> float:
    """CSS px from the top of a page's content area to the bottom of its content."""
    page = document.pages[page_index]._page_box
    top = page.content_box_y()
    bottom = top
    for child in page.children:
        if type(child).__name__ != "MarginBox":  # the running footer sits in the margin
            bottom = max(bottom, _deepest_bottom(child, top))
    return bottom - top


def _deepest_bottom(box: Any, floor: float) -> float:
    bottom = floor
    stack = [box]
    while stack:
        item = stack.pop()
        y = getattr(item, "position_y", None)
        if y is not None and hasattr(item, "margin_height"):
            with contextlib.suppress(TypeError, AttributeError):
                bottom = max(bottom, y + item.margin_height())
        stack.extend(getattr(item, "children", ()) or ())
    return bottom


# --- the child ----------------------------------------------------------------------------


def _send(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def _waiting(stream: BinaryIO) -> bool:
    """Whether a request can be read at once."""
    import select

    return bool(select.select([stream], [], [], 0)[0])


class _Records(logging.Handler):
    """Keeps weasyprint's log records to send back with the reply."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[tuple[str, int, str]]:
        taken, self.records = self.records, []
        return taken


def _serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """The child: import weasyprint now, then answer requests until the parent hangs up."""
    records = _Records()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(records)
    engine = LocalEngine()
    # Import weasyprint now; then, unless the parent's first layout is already waiting, lay
    # out a line in the memo's fonts so that Pango's first-use setup is done before it
    # comes. A failure is the parent's to report, when its own import fails the same way.
    with contextlib.suppress(Exception):
        from memo.render.engine import load_weasyprint

        load_weasyprint()
        if not _waiting(requests):
            engine.layout(WARM_UP, Job((), ()))
    records.take()
    documents: dict[int, Laid] = {}
    while True:
        try:
            kind, args = _receive(requests)
        except EOFError:
            return
        try:
            if kind == "layout":
                laid = engine.layout(*args)
                documents[len(documents)] = laid
                result: Any = Laid(laid.pages, laid.needed, len(documents) - 1, laid.refused)
            elif kind == "write":
                index, *rest = args
                result = engine.write(documents[index], *rest)
            else:  # forget
                documents.clear()
                result = None
            reply = ("ok", result)
        except Exception as exc:  # sent back: the parent raises it as an internal error
            reply = ("error", f"{type(exc).__name__}: {exc}")
        _send(replies, (reply, records.take()))


class ForkedEngine:
    """The parent's side: each call is a request to the child and its reply."""

    def __init__(self, pid: int, requests: BinaryIO, replies: BinaryIO) -> None:
        self.pid, self._requests, self._replies = pid, requests, replies

    def _call(self, kind: str, *args: Any) -> Any:
        if not self.pid:
            raise WorkerGone("the PDF layout process has ended")
        try:
            _send(self._requests, (kind, args))
            (status, result), records = _receive(self._replies)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            self.close()
            raise WorkerGone(f"the PDF layout process ended: {exc}") from None
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if status == "error":
            raise RuntimeError(f"weasyprint: {result}")
        return result

    def layout(self, html: str, job: Job) -> Laid:
        return self._call("layout", html, job)

    def write(self, laid: Laid, answers: bytes, name: str, description: str,
              job: Job) -> tuple[bytes, list[str]]:
        return self._call("write", laid.document, answers, name, description, job)

    def forget(self) -> None:
        if self.pid:  # a child that died has nothing left to forget
            with contextlib.suppress(WorkerGone):
                self._call("forget")

    def close(self) -> None:
        """Hang up and end the child (it may still be importing, after an early error), then
        reap it."""
        for stream in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                stream.close()
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def start(formats: list[str]) -> ForkedEngine | LocalEngine | None:
    """The engine for this `memo render` run, started now: a forked child on Linux, else
    weasyprint imported in a background thread. None when no PDF is asked for."""
    if "pdf" not in formats:
        return None
    if sys.platform != "linux" or not hasattr(os, "fork") or "weasyprint" in sys.modules \
            or os.environ.get("MEMO_PDF_IN_PROCESS"):
        _preload()
        return LocalEngine()
    try:
        return fork_engine()
    except OSError:  # no process to spare: this one does it
        _preload()
        return LocalEngine()


def fork_engine() -> ForkedEngine:
    """Fork the layout child; it starts importing weasyprint at once."""
    request_in, request_out = os.pipe()  # parent -> child
    reply_in, reply_out = os.pipe()  # child -> parent
    for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
        stream.flush()
    try:
        pid = os.fork()
    except OSError:
        for fd in (request_in, request_out, reply_in, reply_out):
            os.close(fd)
        raise
    if pid == 0:  # the child: serve, then leave without running the parent's exit code
        code = 0
        try:
            os.close(request_out)
            os.close(reply_in)
            with os.fdopen(request_in, "rb") as requests, \
                    os.fdopen(reply_out, "wb") as replies:
                _serve(requests, replies)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(request_in)
    os.close(reply_out)
    return ForkedEngine(pid, os.fdopen(request_out, "wb"), os.fdopen(reply_in, "rb"))


def _preload() -> None:
    """Import weasyprint in a background thread: it overlaps memo's reading where it waits."""
    import threading

    def load() -> None:
        from memo.render.engine import load_weasyprint

        try:
            load_weasyprint()
        except BaseException:  # the renderer imports it again and reports the error
            return

    threading.Thread(target=load, name="memo-preload", daemon=True).start()
