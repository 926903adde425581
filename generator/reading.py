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


def inside(root: Path, path: Path, folders: dict[Path, Path] | None = None) -> bool:
    """Whether ``path``, every link on the way resolved, lies inside ``root`` (itself resolved).

    ``folders``: resolved folders of this run (folder -> its resolved path), filled on the way. A file that is
    not itself a link resolves to its resolved folder joined with its name, so only the folder is resolved once;
    a link is resolved in full on every call. Pass a cache only while nothing on disk changes (one run)."""
    try:
        if folders is not None and path.name not in ("", ".", "..") and not os.path.islink(path):
            parent = path.parent
            real = folders.get(parent)
            if real is None:
                real = folders[parent] = parent.resolve(strict=False)
            return (real / path.name).is_relative_to(root)
        return path.resolve(strict=False).is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def read_inside(root: Path, path: Path, display: str, limit: int = MAX_FILE_BYTES, folders: dict[Path, Path] | None = None) -> bytes:
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
