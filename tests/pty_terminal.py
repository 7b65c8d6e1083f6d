"""A program on a pseudo-terminal, as a person at a keyboard sees it.

The terminal answers prompt_toolkit's cursor-position requests (as xterm or tmux do), so the
prompts lay themselves out as in a real terminal: that is where a validation message used to
land on the bottom row. ``raw`` keeps every byte drawn; ``text`` is it without escapes.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

CPR_REQUEST = b"\x1b[6n"


class Terminal:
    def __init__(self, argv: list[str], cwd: Path, *, rows: int = 40, columns: int = 140,
                 cursor_row: int = 10) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color"}
        env.pop("PROMPT_TOOLKIT_NO_CPR", None)
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                        cwd=cwd, env=env, close_fds=True,
                                        start_new_session=True)
        os.close(slave)
        self.cursor_row = cursor_row
        self.raw = b""

    def settle(self, quiet: float = 0.15, limit: float = 30.0, *, prompt: bool = False) -> None:
        """Read until the program has drawn nothing for ``quiet`` seconds; with ``prompt``,
        also until a prompt is on screen. Keys typed before that would reach a terminal
        still in line mode, which eats Ctrl-U: a person waits for the prompt too."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                if prompt and self.line_mode() and self.process.poll() is None:
                    continue
                return
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the program closed the terminal
                return
            if not chunk:
                return
            if CPR_REQUEST in chunk:
                os.write(self.master, f"\x1b[{self.cursor_row};1R".encode())
            self.raw += chunk

    def line_mode(self) -> bool:
        """Whether the terminal is in line (canonical) mode: no prompt is reading keys."""
        try:
            return bool(termios.tcgetattr(self.master)[3] & termios.ICANON)
        except termios.error:
            return False

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def finish(self, timeout: float = 180.0) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.settle(quiet=0.2)
        if self.process.poll() is None:
            self.process.kill()
        self.settle(quiet=0.05, limit=1)
        os.close(self.master)
        return self.process.wait()

    @property
    def text(self) -> str:
        plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r", b"", self.raw)
        return plain.decode("utf-8", errors="replace")
