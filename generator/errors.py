"""Errors and exit codes: the one place that decides what a failure looks like.

Exit codes (documented in the README):
  0    success (applied, dry run shown, or --check found nothing to change)
  1    --check: the repository would change (it drifted from the migrated state)
  2    usage error (``UsageError``): unknown option, bad value (checked before anything is written)
  3    input error (``MeshifyError``): a file cannot be read or parsed, not a Maven
       repository, an unknown key or bad value in meshify.toml; nothing was written
  4    refused (``Refused``, or a guard rail): would overwrite uncommitted changes or git cannot
       answer (--allow-dirty), a generated file edited by hand (--force), another run holds the
       lock, an interrupted apply is pending (--check/--dry-run); nothing was written
  123  internal error: a bug in meshify, never a verdict on the repository; one line
       names the file being processed; ``--debug`` or ``MESHIFY_DEBUG=1`` adds the traceback
  130  interrupted (Ctrl-C or SIGTERM); an apply in progress was rolled back

An internal error must never look like exit 1 ("would change") to a commit hook or a CI job.
"""
from __future__ import annotations

import os
import sys
import traceback

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_REFUSED = 4
EXIT_INTERNAL = 123  # as black: a number no other meaning uses
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

DEBUG_ENV = "MESHIFY_DEBUG"


class MeshifyError(Exception):
    """An input problem the user must fix; carries the file and line where known.

    The CLI prints it as ``path:line: message`` and exits with EXIT_INPUT.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class UsageError(MeshifyError):
    """A bad command-line value, or options that cannot go together (exit 2); nothing is written."""


class Refused(MeshifyError):
    """meshify will not go on (another run holds the lock, an interrupted apply is pending, git
    cannot answer); nothing was written. Exit 4."""


# The file meshify is reading, editing or writing, so that a crash can name it.
_processing: str | None = None


def processing(path: str | None) -> None:
    """Record the repository file being worked on (POSIX, relative to the root)."""
    global _processing
    _processing = path


def current_file() -> str | None:
    return _processing


def debug_enabled(flag: bool = False) -> bool:
    return flag or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def internal_error_message(exc: BaseException) -> str:
    """The one line a user sees for a bug in meshify."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    what = " ".join(what.split())  # one line, whatever the exception text holds
    where = current_file()
    if where:
        return f"meshify: internal error while processing {where}: {what}; please report it with that file"
    return f"meshify: internal error: {what}; please report it with the command you ran"


def report_internal_error(exc: BaseException, debug: bool = False, stream=None) -> str:
    """Print the one line (after the traceback when debugging); return it for the JSON report."""
    stream = stream or sys.stderr
    line = internal_error_message(exc)
    if debug_enabled(debug):
        traceback.print_exception(exc, file=stream)
        print(line, file=stream)
    else:
        print(f"{line} (rerun with --debug or {DEBUG_ENV}=1 for the traceback)", file=stream)
    return line


INTERRUPTED_MESSAGE = "meshify: interrupted"
