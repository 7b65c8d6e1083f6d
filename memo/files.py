"""Reading and writing the user's files without being fooled by what is on disk.

Reading: only regular files are opened (a FIFO, a socket or a device such as ``/dev/zero``
is refused from its ``stat``, before anything is opened, and again from the open file), the
size is checked before reading and the read itself stops at the cap, so a file that grows
meanwhile cannot exhaust memory.

Writing: bytes go to a temporary file in the target's folder and are renamed over the target,
so a reader sees the old file or the new one. A target (or its backup) that is a symbolic
link, a folder, a device, a FIFO or a socket is never replaced, and nothing is ever written
through a link. The backup is written the same atomic way, so a failed write (a full disk)
leaves the previous backup as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from memo.errors import Location, UserError

_CHUNK = 1024 * 1024


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a FIFO (named pipe)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _os_error(exc: OSError, where: Location) -> UserError:
    if isinstance(exc, FileNotFoundError):
        return UserError("no such file", location=where)
    if isinstance(exc, PermissionError):
        return UserError("permission denied: cannot read the file", location=where)
    if isinstance(exc, NotADirectoryError):
        return UserError("no such file (a part of the path is not a folder)", location=where)
    return UserError(f"cannot read the file: {exc.strerror or exc}", location=where)


def regular_size(path: Path, *, folder_message: str = "is a folder, not a file") -> int:
    """The size of ``path`` if it is a regular file (links followed); a UserError otherwise.

    Uses ``stat`` only: a FIFO or a device is refused without being opened.
    """
    where = Location(str(path))
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _os_error(exc, where) from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(folder_message, location=where)
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"is {kind_of(info.st_mode)}, not a regular file; memo reads only "
                        "regular files", location=where)
    return info.st_size


def read_regular(path: Path, cap: int, *, too_big: str, folder_message: str = "is a folder, "
                 "not a file") -> bytes:
    """The bytes of the regular file ``path``, refusing more than ``cap`` bytes.

    ``too_big`` is the end of the message for an oversized file ("answers files are capped
    at ..."); the message starts with the file's size. The size is checked from ``stat``
    before the file is opened, and the read stops at ``cap + 1`` bytes whatever ``stat`` said.
    """
    where = Location(str(path))
    size = regular_size(path, folder_message=folder_message)
    if size > cap:
        raise UserError(f"file is {size:,} bytes; {too_big}", location=where)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_error(exc, where) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO since the stat
            raise UserError("is not a regular file; memo reads only regular files",
                            location=where)
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _os_error(exc, where) from None
    finally:
        os.close(fd)
    if total > cap:  # the file grew between the stat and the read
        raise UserError(f"file is over {cap:,} bytes; {too_big}", location=where)
    return b"".join(chunks)


def read_prefix(path: Path, limit: int) -> bytes:
    """At most the first ``limit`` bytes of a regular file (for a look at a large file)."""
    where = Location(str(path))
    regular_size(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _os_error(exc, where) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UserError("is not a regular file; memo reads only regular files",
                            location=where)
        chunks: list[bytes] = []
        total = 0
        while total < limit:
            chunk = os.read(fd, min(_CHUNK, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise _os_error(exc, where) from None
    finally:
        os.close(fd)


# --- writing ------------------------------------------------------------------------------


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None


def _refuse_replacing(info: os.stat_result, where: Location, what: str = "") -> None:
    """Refuse to replace anything but a regular file that has a write bit."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        raise UserError(f"{what}is a symbolic link; memo never writes through a link or "
                        "replaces one", location=where,
                        hint="write to the file it points to, or remove the link")
    if stat.S_ISDIR(mode):
        raise UserError(f"{what}is a folder; give a file name", location=where)
    if not stat.S_ISREG(mode):
        raise UserError(f"{what}is {kind_of(mode)}, not a regular file; not replaced",
                        location=where, hint="write to a regular file with -o")


def _read_only(info: os.stat_result) -> bool:
    """No write bit for anyone: read-only on purpose, so never replaced, even by root."""
    return not stat.S_IMODE(info.st_mode) & 0o222


def check_writable(path: Path | str) -> Path:
    """Refuse, before any work is done, an output that :func:`atomic_write` could not write.

    Lets a command that writes several files (``memo render -f md -f pdf``) fail before the
    first one is written rather than leave a partial set behind.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        where = Location(str(directory))
        if directory.exists():
            raise UserError("is a file, not a folder; the output cannot go inside it",
                            location=where)
        raise UserError("output folder does not exist", location=where,
                        hint="create the folder first, or name another output with -o")
    info = _lstat(target)
    if info is not None:
        where = Location(str(target))
        _refuse_replacing(info, where)
        if _read_only(info) or not os.access(target, os.W_OK):
            raise UserError("the file is read-only; not overwritten", location=where,
                            hint="make it writable (chmod u+w) or write elsewhere with -o")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UserError("permission denied: cannot write in this folder",
                        location=Location(str(directory)))
    return target


def _temporary(directory: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside the target (O_EXCL: never an existing file or link)."""
    try:
        return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    except PermissionError:
        raise UserError("permission denied: cannot write in this folder",
                        location=Location(str(directory))) from None
    except OSError as exc:
        raise UserError(f"cannot write here: {exc.strerror or exc}",
                        location=Location(str(directory))) from None


def _fill(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write(path: Path | str, content: bytes | str, *, backup: bool = False) -> Path:
    """Write a file so readers see the old or the new content, never half of it.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed
    over the target. On any failure the temporary file is removed and the target is left as
    it was. A read-only target (no write bit), a link, a folder or a device is never
    replaced. With ``backup``, the previous content is first kept as ``NAME.bak`` (written
    atomically too). Errors are UserErrors.
    """
    target = check_writable(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = _temporary(directory, target.name)
    try:
        _fill(fd, data)
        info = _lstat(target)
        if info is not None:  # check again: the target may have changed since check_writable
            _refuse_replacing(info, Location(str(target)))
            if _read_only(info) or not os.access(target, os.W_OK):
                raise UserError("the file is read-only; not overwritten",
                                location=Location(str(target)))
            os.chmod(tmp, info.st_mode & 0o777)
            if backup:
                write_backup(target)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        state = ("the previous version is unchanged" if _lstat(target) is not None
                 else "nothing was written")
        raise UserError(f"cannot write the file: {exc.strerror or exc}; {state}",
                        location=Location(str(target))) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def backup_path_for(target: Path) -> Path:
    return target.with_name(target.name + ".bak")


def write_backup(target: Path) -> Path:
    """Keep ``target``'s current bytes as ``target.bak``, atomically.

    The copy is written to a temporary file and renamed over the backup, so the previous
    backup survives any failure; a backup path that is a link, a folder or a device, or is
    read-only, is refused. A UserError says nothing was changed.
    """
    backup = backup_path_for(target)
    where = Location(str(backup))
    info = _lstat(backup)
    if info is not None:
        try:
            _refuse_replacing(info, where, what="the backup ")
        except UserError as error:
            raise UserError(f"cannot keep the previous version: {error.message}; nothing "
                            "was changed", location=where, hint="remove or rename it") from None
        if _read_only(info):
            raise UserError("cannot keep the previous version: the backup is read-only; "
                            "nothing was changed", location=where)
    try:
        fd_in = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                        | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd_in).st_mode):
                raise OSError(0, "the file is no longer a regular file")
            with os.fdopen(os.dup(fd_in), "rb") as source:
                previous = source.read()
            mode = os.fstat(fd_in).st_mode & 0o777
        finally:
            os.close(fd_in)
        fd, tmp = _temporary(backup.parent if str(backup.parent) else Path("."), backup.name)
    except OSError as exc:
        raise UserError(f"cannot keep the previous version: {exc.strerror or exc}; nothing "
                        "was changed", location=where) from None
    try:
        _fill(fd, previous)
        os.chmod(tmp, mode)
        os.replace(tmp, backup)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot keep the previous version: {exc.strerror or exc}; nothing "
                        "was changed", location=where) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return backup


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
