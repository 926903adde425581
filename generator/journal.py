"""A recoverable apply, and one run at a time.

Before an apply creates its first file it writes a journal: every target, the
temporary file that will replace it, the backup of its original, and every
folder it will create. The journal lives in ``.git/meshify/`` when the
repository root holds a ``.git`` folder, otherwise in ``.meshify/`` at the
root; both are removed again when the run ends.

The journal has three phases:

- ``prepare``: temporary files and backups are being written; no target has
  been touched. Recovery deletes whatever of them exists.
- ``rename``: every temporary file and backup is complete on disk; targets are
  being renamed into place. Recovery rolls back: a target whose temporary file
  is gone was replaced, and gets its backup back (a new file is removed).
- ``committed``: every target was replaced. Recovery rolls forward: it only
  deletes the backups that are left.

The same rollback runs in-process on Ctrl-C, SIGTERM or a write error, and on
the next apply after a SIGKILL or a power cut (``recover``). A lock file beside
the journal (``flock``, released by the kernel when its process dies) keeps a
second run out.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import MeshifyError, Refused

TMP_PREFIX = ".meshify-tmp-"
# the names meshify's applies give their temp files and backups: tempfile's 8 characters before the
# journal existed, "<16 hex>-<n>" and "<16 hex>-<n>.orig" since
STRAY = re.compile(r"\.meshify-tmp-(?:[a-z0-9_]{8}|[0-9a-f]{16}-[0-9]+(?:\.orig)?)")
JOURNAL = "journal.json"
LOCK = "lock"
LOCK_WAIT = 3.0  # seconds a second run waits for the first before it refuses
FORMAT = 1
JOURNAL_CHUNK = 256  # files a journal write holds as dicts at one time

try:  # POSIX; elsewhere runs are not serialized
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None


PENDING = "an interrupted apply is pending; run meshify without --check or --dry-run to recover"


def state_dir(root: Path) -> Path:
    """Where the journal and the lock live: inside .git when the root holds one, else .meshify/."""
    git = root / ".git"
    if git.is_dir() and not git.is_symlink():
        return git / "meshify"
    return root / ".meshify"


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink(p: Path) -> bool:
    try:
        p.unlink()
        return True
    except FileNotFoundError:
        return False
    except OSError:
        return False


@dataclass
class Entry:
    target: str  # POSIX, relative to the root
    tmp: str
    backup: str | None  # None: the target is a new file


@dataclass
class Journal:
    root: Path
    files: list[Entry] = field(default_factory=list)
    dirs: list[str] = field(default_factory=list)  # folders the apply creates, parents first
    phase: str = "prepare"
    pid: int = field(default_factory=os.getpid)

    @property
    def path(self) -> Path:
        return state_dir(self.root) / JOURNAL

    def write(self, phase: str) -> None:
        """Durably record ``phase`` (atomic replace, then fsync of file and folder)."""
        d = state_dir(self.root)
        d.mkdir(parents=True, exist_ok=True)
        new = d / (JOURNAL + ".new")
        with open(new, "w", encoding="utf-8") as fh:
            # the text json.dumps gives of the whole, written an entry at a time: the whole, its text and a
            # dict per file at once were a large apply's peak of memory (6 MB for 11,294 files)
            fh.write(json.dumps({"format": FORMAT, "pid": self.pid, "phase": phase})[:-1] + ', "files": [')
            for i in range(0, len(self.files), JOURNAL_CHUNK):
                part = [{"target": e.target, "tmp": e.tmp, "backup": e.backup} for e in self.files[i:i + JOURNAL_CHUNK]]
                fh.write((", " if i else "") + json.dumps(part)[1:-1])
            fh.write(f'], "dirs": {json.dumps(self.dirs)}}}')
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(new, self.path)
        _fsync_dir(d)
        self.phase = phase

    def remove(self) -> None:
        _unlink(self.path)
        _unlink(self.path.with_name(JOURNAL + ".new"))
        _remove_state_dir(self.root)

    @classmethod
    def load(cls, root: Path) -> "Journal | None":
        p = state_dir(root) / JOURNAL
        if not p.exists():
            return None
        try:
            data = json.loads(p.read_text("utf-8"))
            files = [Entry(_checked(root, f["target"]), _checked(root, f["tmp"], tmp=True), _checked(root, f["backup"], tmp=True) if f["backup"] else None) for f in data["files"]]
            dirs = [_checked(root, d) for d in data["dirs"]]
            phase = data["phase"]
            if phase not in ("prepare", "rename", "committed"):
                raise ValueError(phase)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise Refused(f"cannot read the journal of an interrupted apply ({e}); restore the repository from git and delete the journal", str(p)) from None
        return cls(root, files, dirs, phase, int(data.get("pid", 0)))

    # undo / finish --------------------------------------------------------
    def rollback(self) -> "Outcome":
        """Put every target back as it was; delete every temp file, backup and created folder."""
        out = Outcome(direction="back" if self.phase != "committed" else "forward")
        if self.phase == "committed":
            return self.roll_forward()
        failed: list[str] = []
        for e in reversed(self.files):
            target, tmp = self.root / e.target, self.root / e.tmp
            bak = self.root / e.backup if e.backup else None
            if self.phase == "prepare" or tmp.exists():
                # never renamed: the target is the original
                out.temp_files += _unlink(tmp)
                if bak is not None:
                    out.temp_files += _unlink(bak)
                continue
            # renamed: put the original back
            if bak is None:
                if _unlink(target):
                    out.removed.append(e.target)
            elif bak.exists():
                try:
                    _restore(bak, target)
                    out.restored.append(e.target)
                except OSError:
                    failed.append(f"{e.target} (original kept in {bak})")
        if failed:
            raise MeshifyError("could not write the changes and could not restore: " + ", ".join(failed), hint="run meshify again to retry the recovery")
        for d in sorted(self.dirs, key=lambda d: len(PurePosixPath(d).parts), reverse=True):
            with contextlib.suppress(OSError):
                (self.root / d).rmdir()
                out.folders += 1
        self.remove()
        return out

    def roll_forward(self, renamed: bool = False) -> "Outcome":
        """Delete the backups (and the temporary files left, unless ``renamed``: the apply that just
        committed renamed every one into place) and the journal."""
        out = Outcome(direction="forward")
        for e in self.files:
            if not renamed:
                out.temp_files += _unlink(self.root / e.tmp)
            if e.backup:
                out.temp_files += _unlink(self.root / e.backup)
        self.remove()
        return out


def _restore(bak: Path, target: Path) -> None:
    """Put a backup back: a rename when possible, else a copy of its bytes."""
    try:
        os.replace(bak, target)
        _unlink(bak)  # still there when both names were links to one file (a deletion not yet done)
    except OSError:
        data = bak.read_bytes()
        with open(target, "wb") as fh:
            fh.write(data)
        _unlink(bak)


def _checked(root: Path, rel: str, tmp: bool = False) -> str:
    """A path from a journal: relative, inside the root, no link on the way; temp files by their prefix."""
    if not isinstance(rel, str) or not rel or os.path.isabs(rel) or ".." in PurePosixPath(rel).parts:
        raise ValueError(f"bad path {rel!r}")
    if tmp and not PurePosixPath(rel).name.startswith(TMP_PREFIX):
        raise ValueError(f"not a meshify temp file: {rel!r}")
    p = root
    for part in PurePosixPath(rel).parts[:-1]:
        p = p / part
        if p.is_symlink():
            raise ValueError(f"path through a link: {rel!r}")
    return rel


@dataclass
class Outcome:
    direction: str  # "back": the repository is as before the interrupted apply; "forward": as after it
    restored: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    temp_files: int = 0
    folders: int = 0

    def message(self) -> str:
        if self.direction == "forward":
            return f"recovered an interrupted apply that had written every file; removed {self.temp_files} leftover temp files"
        parts = [f"restored {len(self.restored)} files", f"removed {len(self.removed)} files it had created", f"{self.temp_files} temp files", f"{self.folders} folders"]
        return "recovered an interrupted apply: " + ", ".join(parts) + "; the repository is as it was before that run"


def pending(root: Path) -> bool:
    return (state_dir(root) / JOURNAL).exists()


def recover(root: Path) -> Outcome | None:
    """Finish what an apply killed mid-way left behind (call with the lock held)."""
    j = Journal.load(root)
    if j is None:
        return None
    with deferred_signals():
        return j.rollback()


def clean_strays(root: Path, strays: list[str], planned: dict[str, bytes | None]) -> tuple[list[str], list[str]]:
    """Temp files an earlier apply left that no journal lists (a meshify from before the journal, or one
    stopped before it wrote its journal), found after recovery ran. One holds what a file of its folder
    holds now (a backup of a file that was never replaced) or what this run writes to one (a temp file
    never renamed): nothing is lost, it goes. Any other may be the only copy of an original that apply
    replaced: it stays. Returns (removed, kept), paths relative to the root."""
    removed: list[str] = []
    kept: list[str] = []
    by_folder: dict[str, list[bytes]] = {}
    for path, new in planned.items():
        if new is not None:
            by_folder.setdefault(str(PurePosixPath(path).parent), []).append(new)
    for rel in strays:
        p = root / rel
        try:
            if p.is_symlink() or not p.is_file():
                continue
            data = p.read_bytes()
        except OSError:
            continue
        folder = PurePosixPath(rel).parent
        same = data in by_folder.get(str(folder), [])
        if not same:
            with contextlib.suppress(OSError):
                for sib in os.scandir(p.parent):
                    if sib.name != p.name and not STRAY.fullmatch(sib.name) and sib.is_file(follow_symlinks=False) \
                            and sib.stat().st_size == len(data) and Path(sib.path).read_bytes() == data:
                        same = True
                        break
        if same and _unlink(p):
            removed.append(rel)
        elif not same:
            kept.append(rel)
    return removed, kept


def refuse_if_pending(root: Path) -> None:
    """For --check and --dry-run, which never write: a pending journal means the tree is half-written."""
    if pending(root):
        if lock_is_held(root):
            raise Refused("another meshify run is applying changes to this repository; try again when it has finished", str(root))
        raise Refused(PENDING, str(root))


# signals ------------------------------------------------------------------
@contextlib.contextmanager
def deferred_signals():
    """Ignore Ctrl-C and SIGTERM while a rollback runs (a second Ctrl-C must not stop it halfway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _terminate(signum, frame):
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_interrupts():
    """SIGTERM behaves like Ctrl-C: the apply rolls back and the run exits 130."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


# lock ---------------------------------------------------------------------
def _remove_state_dir(root: Path) -> None:
    with contextlib.suppress(OSError):
        state_dir(root).rmdir()  # only when empty: the lock of another run keeps it


def lock_is_held(root: Path) -> bool:
    if fcntl is None:
        return False
    p = state_dir(root) / LOCK
    try:
        fd = os.open(p, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def _holder(p: Path) -> str:
    try:
        pid = p.read_text("ascii").strip()
        return f" (process {pid})" if pid.isdigit() else ""
    except OSError:
        return ""


@contextlib.contextmanager
def locked(root: Path, wait: float | None = None):
    """Hold the repository's lock for the block; wait up to ``wait`` seconds, then refuse (exit 4)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    wait = LOCK_WAIT if wait is None else wait
    d = state_dir(root)
    p = d / LOCK
    deadline = time.monotonic() + wait
    while True:
        try:
            d.mkdir(parents=True, exist_ok=True)
            fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            if e.errno == errno.ENOENT:  # the other run removed the folder just now
                continue
            raise MeshifyError(f"cannot create the lock file: {e.strerror}", str(p)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise Refused(f"another meshify run{_holder(p)} is changing this repository; wait for it to finish, then run again", str(root)) from None
            time.sleep(0.1)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(p).st_ino
        except OSError:
            same = False
        if not same:  # the previous holder removed the file between our open and our lock
            os.close(fd)
            continue
        break
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        _unlink(p)
        os.close(fd)
        _remove_state_dir(root)
