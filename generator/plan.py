"""A Plan is plain data: file changes and findings. Show it, judge it, or apply it.

Apply is all-or-nothing: every new content is first written to a temporary
file beside its target; only when all are prepared are they renamed into
place. If a rename fails, the files already replaced are restored from
backups taken just before, so the repository ends as it was.
"""
from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MeshifyError, processing
from .model import Finding

TMP_PREFIX = ".meshify-tmp-"


@dataclass
class FileChange:
    path: str  # POSIX, relative to the repository root
    old: bytes | None  # None: a new file
    new: bytes
    reasons: list[str] = field(default_factory=list)
    encoding: str = "utf-8"

    @property
    def kind(self) -> str:
        return "create" if self.old is None else "modify"


@dataclass
class Plan:
    root: Path
    changes: list[FileChange] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    services: list = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # what was detected (train, versions), for inspect/report
    migration: str = ""
    framework: str = ""  # the migration's framework, reported per service
    modules: list = field(default_factory=list)  # the reactor as read, before any change

    def add(self, change: FileChange) -> None:
        if change.old == change.new:
            return
        safe_target(self.root, change.path)  # refuse links and escapes now, not halfway through apply
        self.changes.append(change)

    @property
    def empty(self) -> bool:
        return not self.changes

    def sorted_changes(self) -> list[FileChange]:
        return sorted(self.changes, key=lambda c: c.path)

    # showing ----------------------------------------------------------------
    def diff(self) -> str:
        out: list[str] = []
        for c in self.sorted_changes():
            old = _lines(c.old, c.encoding)
            new = _lines(c.new, c.encoding)
            a = "/dev/null" if c.old is None else f"a/{c.path}"
            out.extend(difflib.unified_diff(old, new, a, f"b/{c.path}", n=3))
        return "".join(_terminate(line) for line in out)

    # writing ----------------------------------------------------------------
    def apply(self, _fault_after: int | None = None, progress=None) -> None:
        """Write every change atomically as a set. ``_fault_after`` injects a failure (tests).

        ``progress(label, total)`` is called once, then with ``("", 0)`` after each file written.
        """
        prepared: list[tuple[Path, Path]] = []  # (tmp, target)
        backups: list[tuple[Path, Path | None]] = []  # (target, backup or None when new)
        done: list[tuple[Path, Path | None]] = []
        made_dirs: list[Path] = []  # folders created for new files, removed again on failure
        kept: set[Path] = set()  # backups that could not be restored: never delete those
        current: str | None = None
        changes = self.sorted_changes()
        ok = True
        try:
            for c in changes:
                current = c.path
                processing(c.path)
                target = safe_target(self.root, c.path)
                missing = [d for d in [target.parent, *target.parent.parents] if not d.exists()]
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs += missing  # deepest first
                fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=target.parent)
                prepared.append((Path(tmp), target))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(c.new)
                    fh.flush()
                    os.fsync(fh.fileno())
                if target.exists():
                    os.chmod(tmp, target.stat().st_mode & 0o7777)
                    fd, bak = tempfile.mkstemp(prefix=TMP_PREFIX, dir=target.parent)
                    backups.append((target, Path(bak)))  # registered first: a failed write still cleans it up
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(target.read_bytes())
                else:
                    os.chmod(tmp, 0o644)
                    backups.append((target, None))
            if progress:
                progress("writing files", len(prepared))
            for i, ((tmp, target), backup) in enumerate(zip(prepared, backups)):
                current = changes[i].path
                processing(current)
                if _fault_after is not None and i >= _fault_after:
                    raise OSError(28, "No space left on device (injected)")
                os.replace(tmp, target)
                done.append(backup)
                if progress:
                    progress("", 0)
        except BaseException as e:
            failed = []
            for target, bak in reversed(done):
                try:
                    if bak is None:
                        target.unlink(missing_ok=True)
                    else:
                        _restore(bak, target)
                except OSError:
                    failed.append(target)
                    if bak is not None:
                        kept.add(bak)
            ok = False
            if failed:
                names = ", ".join(f"{t} (original kept in {b})" if b in kept else str(t) for t, b in ((t, dict(backups).get(t)) for t in failed))
                raise MeshifyError(f"could not write the changes and could not restore: {names}", current) from e
            if isinstance(e, OSError):
                raise MeshifyError(f"could not write the changes: {e.strerror or e}; nothing was changed", current) from None
            raise
        finally:
            for tmp, _ in prepared:
                _unlink(tmp)
            for _, bak in backups:
                if bak is not None and bak not in kept:
                    _unlink(bak)
            if not ok:
                for d in sorted(made_dirs, key=lambda d: len(d.parts), reverse=True):  # only the empty ones we made
                    try:
                        d.rmdir()
                    except OSError:
                        pass


def _restore(bak: Path, target: Path) -> None:
    """Put a backup back: a rename when possible, else a copy of its bytes."""
    try:
        os.replace(bak, target)
    except OSError:
        data = bak.read_bytes()
        with open(target, "wb") as fh:
            fh.write(data)


def _unlink(p: Path) -> None:
    try:
        p.unlink(missing_ok=True)
    except OSError:
        pass


def safe_target(root: Path, rel: str) -> Path:
    """Resolve a relative path for writing; refuse anything that leaves the root or goes through a symlink."""
    if os.path.isabs(rel) or ".." in Path(rel).parts:
        raise MeshifyError(f"refusing to write outside the repository: {rel}", rel)
    target = root / rel
    p = root
    for part in Path(rel).parts:
        p = p / part
        if p.is_symlink():
            raise MeshifyError("refusing to write through a symbolic link", rel, hint="replace the link with a real file or folder")
    resolved = target.resolve(strict=False)
    if not resolved.is_relative_to(root.resolve()):
        raise MeshifyError(f"refusing to write outside the repository: {rel}", rel)
    return target


def _lines(data: bytes | None, encoding: str) -> list[str]:
    if data is None:
        return []
    enc = "utf-8" if encoding == "utf-8-sig" else encoding
    text = data.decode(enc, errors="replace")
    # show CR explicitly only where it changed is overkill; keep lines with their endings
    return text.splitlines(keepends=True)


def _terminate(line: str) -> str:
    if line.endswith("\n"):
        return line.replace("\r\n", "\n")
    return line + "\n\\ No newline at end of file\n" if not line.startswith(("---", "+++", "@@")) else line + "\n"
