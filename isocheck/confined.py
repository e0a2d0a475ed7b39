"""Reads confined to one folder: no path taken through it may leave it, through a link or otherwise.

`ConfinedRoot` opens the folder once as a directory descriptor and reaches everything below it one
component at a time, relative to the parent's descriptor, refusing symbolic links at every level.
A folder swapped for a link after it was listed is therefore reported, never followed, and a file
swapped for a FIFO cannot block the run. The folder itself is the caller's choice (a link there is
followed); what is inside it belongs to someone else.
"""

from __future__ import annotations

import errno
import os
import stat
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Literal

# Linux and the BSDs reach a path relative to a directory descriptor; where the platform cannot
# (Windows), ConfinedRoot reads by full path as isocheck did before: the final component is still
# never followed (O_NOFOLLOW where it exists), but a folder swapped for a link between the walk and
# the read is not caught there.
CONFINED = (
    os.open in os.supports_dir_fd
    and os.stat in os.supports_dir_fd
    and os.stat in os.supports_follow_symlinks
    and os.listdir in os.supports_fd
    and hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
# O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOCTTY: a terminal must not become ours.
_FILE_FLAGS = (
    os.O_RDONLY
    | _NOFOLLOW
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
# O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (FreeBSD, NetBSD).
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK}

Kind = Literal["link", "missing", "not-regular", "unreadable", "too-large", "bad-path"]
Listing = tuple[str, list[str], list[tuple[str, os.stat_result | OSError]]]


class ConfinedError(Exception):
    """A path that was not read, and why, in words fit for a report (`reason`).

    `kind` lets callers word their own message; `size` is set when the file was over the limit."""

    def __init__(self, path: str, reason: str, kind: Kind, size: int | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.kind = kind
        self.size = size


def split(rel: str) -> list[str]:
    """The components of a relative POSIX path inside the root. Raises ConfinedError for a path
    that could leave it ('..', absolute) or is not plain (empty component, NUL); '.' is dropped."""
    if rel.startswith("/"):
        raise ConfinedError(rel, "absolute path: only paths inside the folder are read", "bad-path")
    if "\0" in rel:
        raise ConfinedError(rel, "NUL character in the path", "bad-path")
    parts = [part for part in rel.split("/") if part != "."]
    if ".." in parts:
        raise ConfinedError(rel, "'..' in the path: it would leave the folder", "bad-path")
    if not parts or "" in parts:
        raise ConfinedError(rel, "empty path or path component", "bad-path")
    return parts


class ConfinedRoot:
    """A folder opened once; reads and stats of paths inside it never follow a symbolic link."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        """Open `root` (following a link there: the caller chose it). Raises OSError if it cannot be
        opened as a directory."""
        self.path = Path(root)
        self._fd: int | None = None
        if CONFINED:
            fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
            self._fd = fd
            # Closed by close() or, failing that, when the object is collected.
            self._closer = weakref.finalize(self, os.close, fd)

    def close(self) -> None:
        """Release the folder's descriptor; the object cannot be used afterwards."""
        if self._fd is not None:
            self._closer()
            self._fd = None

    def __enter__(self) -> ConfinedRoot:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------------

    def read(self, rel: str, max_bytes: int) -> bytes:
        """The bytes of the regular file at `rel`, at most `max_bytes` of them. Raises ConfinedError
        for a link at any level, anything but a regular file (opened without blocking), a file
        over the limit, or an error from the system."""
        parts = split(rel)
        if self._fd is None:
            fd = self._open_by_path(rel)
        else:
            parent = self._open_parent(rel, parts, "cannot be read")
            try:
                fd = self._open_in(parent, rel, parts[-1], _FILE_FLAGS, "cannot be read")
            finally:
                self._release(parent)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ConfinedError(rel, "not a regular file", "not-regular")
            if info.st_size > max_bytes:
                raise ConfinedError(
                    rel, _too_large(info.st_size, max_bytes), "too-large", info.st_size
                )
            try:
                data = _read_up_to(fd, max_bytes + 1)
            except OSError as exc:
                raise ConfinedError(rel, f"cannot be read: {_why(exc)}", "unreadable") from None
            if len(data) > max_bytes:  # it grew since fstat
                size = max(os.fstat(fd).st_size, len(data))
                raise ConfinedError(rel, _too_large(size, max_bytes), "too-large", size)
            return data
        finally:
            os.close(fd)

    def lstat(self, rel: str) -> os.stat_result:
        """The status of `rel` itself (a link is not followed, at any level). Raises ConfinedError."""
        parts = split(rel)
        if self._fd is None:
            try:
                return (self.path / rel).lstat()
            except OSError as exc:
                raise ConfinedError(rel, f"cannot be read: {_why(exc)}", _kind(exc)) from None
        parent = self._open_parent(rel, parts, "cannot be read")
        try:
            return os.stat(parts[-1], dir_fd=parent, follow_symlinks=False)
        except OSError as exc:
            raise ConfinedError(rel, f"cannot be read: {_why(exc)}", _kind(exc)) from None
        finally:
            self._release(parent)

    # -- listing ------------------------------------------------------------------------------------

    def walk(self, onerror: Callable[[str, str], None]) -> Iterator[Listing]:
        """Every folder below the root, top-down, in name order, never through a link: yields
        (rel, subfolders, others), rel "" for the root. `subfolders` are real directories; remove
        names from it to skip them. `others` is every other entry (links included) with its
        lstat, or the error taking it. A folder that cannot be listed is passed to
        `onerror(rel, reason)` and skipped."""
        if self._fd is None:
            yield from self._walk_by_path(onerror)
            return
        root = self._fd
        try:
            subfolders, others = _list(root)
        except OSError as exc:
            onerror("", f"cannot be listed: {_why(exc)}")
            return
        yield "", subfolders, others
        # One descriptor per level of the current branch; a sibling is opened from its parent's.
        stack: list[tuple[str, int, Iterator[str]]] = [("", root, iter(subfolders))]
        try:
            while stack:
                rel, fd, pending = stack[-1]
                name = next(pending, None)
                if name is None:
                    stack.pop()
                    self._release(fd)
                    continue
                child = f"{rel}/{name}" if rel else name
                try:
                    child_fd = self._open_in(fd, child, name, _DIR_FLAGS, "cannot be listed")
                except ConfinedError as exc:
                    onerror(child, exc.reason)
                    continue
                try:
                    subfolders, others = _list(child_fd)
                except OSError as exc:
                    os.close(child_fd)
                    onerror(child, f"cannot be listed: {_why(exc)}")
                    continue
                stack.append((child, child_fd, iter(subfolders)))
                yield child, subfolders, others
        finally:
            for _, fd, _ in stack:
                self._release(fd)

    def _walk_by_path(self, onerror: Callable[[str, str], None]) -> Iterator[Listing]:
        pending = [""]
        while pending:
            rel = pending.pop()
            full = self.path / rel if rel else self.path
            try:
                names = sorted(os.listdir(full))
            except OSError as exc:
                onerror(rel, f"cannot be listed: {_why(exc)}")
                continue
            subfolders: list[str] = []
            others: list[tuple[str, os.stat_result | OSError]] = []
            for name in names:
                try:
                    info: os.stat_result | OSError = (full / name).lstat()
                except OSError as exc:
                    info = exc
                if isinstance(info, os.stat_result) and stat.S_ISDIR(info.st_mode):
                    subfolders.append(name)
                else:
                    others.append((name, info))
            yield rel, subfolders, others
            pending.extend(f"{rel}/{n}" if rel else n for n in reversed(subfolders))

    # -- descriptors --------------------------------------------------------------------------------

    def _open_parent(self, rel: str, parts: list[str], verb: str) -> int:
        """The descriptor of the folder holding the last component, reached without links."""
        assert self._fd is not None
        fd = self._fd
        for i, name in enumerate(parts[:-1]):
            try:
                child = self._open_in(fd, rel, name, _DIR_FLAGS, verb)
            except ConfinedError as exc:
                if exc.kind != "link":
                    raise
                where = "/".join(parts[: i + 1])
                raise ConfinedError(
                    rel, f"symbolic link: not followed ({where} is a link)", "link"
                ) from None
            finally:
                self._release(fd)
            fd = child
        return fd

    def _open_in(self, fd: int, rel: str, name: str, flags: int, verb: str) -> int:
        try:
            return os.open(name, flags, dir_fd=fd)
        except OSError as exc:
            raise self._refusal(fd, rel, name, exc, verb) from None

    def _refusal(self, fd: int, rel: str, name: str, exc: OSError, verb: str) -> ConfinedError:
        if exc.errno in _LINK_ERRNOS or _is_link(name, fd):
            return ConfinedError(rel, "symbolic link: not followed", "link")
        return ConfinedError(rel, f"{verb}: {_why(exc)}", _kind(exc))

    def _open_by_path(self, rel: str) -> int:
        try:
            return os.open(self.path / rel, _FILE_FLAGS)
        except OSError as exc:
            if exc.errno in _LINK_ERRNOS or (self.path / rel).is_symlink():
                raise ConfinedError(rel, "symbolic link: not followed", "link") from None
            raise ConfinedError(rel, f"cannot be read: {_why(exc)}", _kind(exc)) from None

    def _release(self, fd: int) -> None:
        if fd != self._fd:
            os.close(fd)


def _list(fd: int) -> tuple[list[str], list[tuple[str, os.stat_result | OSError]]]:
    subfolders: list[str] = []
    others: list[tuple[str, os.stat_result | OSError]] = []
    for name in sorted(os.listdir(fd)):
        try:
            info: os.stat_result | OSError = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except OSError as exc:
            info = exc
        if isinstance(info, os.stat_result) and stat.S_ISDIR(info.st_mode):
            subfolders.append(name)
        else:
            others.append((name, info))
    return subfolders, others


def _read_up_to(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _is_link(name: str, fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _kind(exc: OSError) -> Kind:
    # A file where a folder should be means the path does not exist as given.
    return "missing" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else "unreadable"


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _too_large(size: int, limit: int) -> str:
    return f"file is {size} bytes, over the limit of {limit}"
