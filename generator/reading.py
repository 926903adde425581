"""Every file meshify reads goes through ``read_inside``: inside the repository, regular, not too large.

- The path is resolved (every link on the way followed) and must stay inside the root it is read
  from: the repository, or a folder the user named (``--config-repo``).
- Only regular files are read: a FIFO named ``*.java`` would block the run, a device would never end.
  The file is opened non-blocking and checked with ``fstat`` before the first byte is read.
- The size is checked by ``fstat`` before reading, so a 3 GB sparse file is refused at once.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .editors.text import MAX_FILE_BYTES
from .errors import MeshifyError

_KIND = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def inside(root: Path, path: Path, folders: dict[str, str] | None = None) -> bool:
    """Whether ``path``, every link on the way resolved, lies inside ``root`` (itself resolved).

    ``folders``: resolved folders of this run (absolute folder -> its resolved path), filled on the way. A
    folder that is no link resolves to its resolved parent joined with its name, so each folder costs one
    ``lstat`` per run; a link is resolved in full (``Path.resolve``, a loop refused), a file that is a link on
    every call. Pass a cache only while nothing on disk changes (one run)."""
    try:
        s = os.fspath(path)
        if folders is None or not os.path.isabs(s):
            return path.resolve(strict=False).is_relative_to(root)
        real = _resolved(s, folders, leaf=True)
        top = os.fspath(root)
        return real == top or real.startswith(top.rstrip("/") + "/")
    except (OSError, RuntimeError):  # a link loop
        return False


def _resolved(s: str, folders: dict[str, str], leaf: bool = False) -> str:
    """``Path(s).resolve()`` as a string, its folders taken from (and added to) ``folders``."""
    got = None if leaf else folders.get(s)
    if got is None:
        head, name = os.path.split(s)
        if not name or name in (".", "..") or not head or head == s or os.path.islink(s):
            got = os.fspath(Path(s).resolve(strict=False))
        else:
            got = os.path.join(_resolved(head, folders), name)
        if not leaf:
            folders[s] = got
    return got


def read_inside(root: Path, path: Path, display: str, limit: int = MAX_FILE_BYTES, folders: dict[str, str] | None = None) -> bytes:
    """The bytes of a regular file inside ``root`` (resolved); a clear error naming ``display`` otherwise.
    ``folders``: see ``inside``."""
    if not inside(root, path, folders):
        raise MeshifyError("refusing to read a file outside the repository (through a symbolic link)", display)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise MeshifyError("cannot read the file (permission denied)", display, hint="fix its permissions or skip its module") from None
    except OSError as e:
        raise MeshifyError(f"cannot read the file: {e.strerror}", display) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = _KIND.get(stat.S_IFMT(st.st_mode), "not a regular file")
            raise MeshifyError(f"is {kind}, not a regular file; meshify reads regular files only", display, hint="remove it or skip its module")
        if st.st_size > limit:
            raise MeshifyError(
                f"file is {st.st_size} bytes, larger than the {limit} byte limit for a source file",
                display,
                hint="exclude it with skip_modules in meshify.toml or shrink it",
            )
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # grew while we read it
                raise MeshifyError(f"file is larger than the {limit} byte limit for a source file", display)
            chunks.append(chunk)
        return b"".join(chunks)
    except PermissionError:
        raise MeshifyError("cannot read the file (permission denied)", display, hint="fix its permissions or skip its module") from None
    except IsADirectoryError:
        raise MeshifyError("is a folder, not a regular file", display) from None
    except OSError as e:
        raise MeshifyError(f"cannot read the file: {e.strerror}", display) from None
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """A regular file, not a link (for listings: links are judged separately)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
