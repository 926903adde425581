"""meshify command line. Thin: options -> pipeline -> plan -> diff | check | apply.

``main(argv) -> int`` never raises: every outcome becomes an exit code, listed
in ``generator/errors.py`` and the README (0 ok, 1 would change, 2 usage,
3 input error, 4 refused, 123 internal error, 130 interrupted).
"""
from __future__ import annotations

import dataclasses
import sys
import typing
from inspect import Parameter, Signature
from pathlib import Path
from typing import Any, Optional

import typer

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, INTERRUPTED_MESSAGE, report_internal_error
from .migrations import MIGRATIONS, Migration
from .options import cli_fields

app = typer.Typer(
    name="meshify",
    help="Migrate Spring Cloud (Eureka) and Dubbo Maven repositories to Kubernetes and an Istio sidecar mesh.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"meshify {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """meshify: Spring Cloud / Dubbo -> Kubernetes + Istio."""


RepoArg = typer.Argument(..., help="Repository root (the folder holding the root pom.xml).", exists=False)

# Flags every migration command has, before and after the options built from the dataclasses.
_RUN_FLAGS = [
    ("dry_run", bool, "--dry-run", "Print a unified diff of every change; write nothing."),
    ("check", bool, "--check", "Print the diff and exit 1 when anything would change (pre-commit, CI); may be combined with --dry-run."),
    ("allow_dirty", bool, "--allow-dirty", "Apply even when files to be written have uncommitted changes."),
]
_OUTPUT_FLAGS = [
    ("quiet", bool, ("--quiet", "-q"), "Print only the diff and errors."),
    ("report", Optional[Path], "--report", "Write a JSON report of the plan to this file."),
    ("debug", bool, "--debug", "On an internal error, print the traceback (also MESHIFY_DEBUG=1)."),
]
_OPTIONAL = {bool: bool, str: Optional[str], int: Optional[int]}


def _flag(name: str, typ: Any, flags: Any, help: str) -> Parameter:
    decls = flags if isinstance(flags, tuple) else (flags,)
    default = typer.Option(False if typ is bool else None, *decls, help=help)
    return Parameter(name, Parameter.KEYWORD_ONLY, default=default, annotation=typ)


def _field_flag(f: dataclasses.Field, hints: dict[str, Any]) -> Parameter:
    """A flag for an options field: bool stays a switch, anything else is optional (None: not given)."""
    declared = hints[f.name]
    plain = next((t for t in (bool, int, str) if declared in (t, Optional[t])), str)
    cli_type = f.metadata.get("cli_type")
    return _flag(f.name, Optional[cli_type] if cli_type else _OPTIONAL[plain], f.metadata["flag"], f.metadata["help"])


def _migration_command(migration: Migration):
    """`meshify <name> REPO [flags]`: run flags, the migration's own flags, the shared ones, output flags."""
    hints = typing.get_type_hints(migration.Options)
    own = [_field_flag(f, hints) for f in cli_fields(migration.Options, shared=False)]
    shared = [_field_flag(f, hints) for f in cli_fields(migration.Options, shared=True)]
    run_flags = [_flag(*spec) for spec in _RUN_FLAGS]
    force = [p for p in shared if p.name == "force"]
    shared = [p for p in shared if p.name != "force"]
    params = [Parameter("repo", Parameter.KEYWORD_ONLY, default=RepoArg, annotation=Path),
              *run_flags, *force, *own, *shared, *[_flag(*spec) for spec in _OUTPUT_FLAGS]]

    def command(repo: Path, dry_run: bool, check: bool, allow_dirty: bool, quiet: bool, report: Optional[Path], debug: bool, **opts: Any) -> None:
        from .output import run

        if opts.get("config_repo") is not None:
            opts["config_repo"] = str(opts["config_repo"])
        code = run(repo, migration.name, dry_run=dry_run, check=check, allow_dirty=allow_dirty, quiet=quiet,
                   report=report, cli_options=opts, debug=debug)
        raise typer.Exit(code)

    command.__signature__ = Signature(params)
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__doc__ = migration.help
    command.__name__ = migration.name
    return command


for _migration in MIGRATIONS.values():
    app.command(name=_migration.name)(_migration_command(_migration))


def _known_migration(value: str) -> str:
    if value != "auto" and value not in MIGRATIONS:
        raise typer.BadParameter(f"choose one of {', '.join(MIGRATIONS)} or auto")
    return value


@app.command()
def inspect(
    repo: Path = RepoArg,
    migration: str = typer.Option("auto", "--as", callback=_known_migration, help=f"{', '.join(MIGRATIONS)}, or auto (detect)."),
) -> None:
    """Show what meshify sees (modules, services, versions, findings); change nothing."""
    from .output import inspect as do_inspect

    raise typer.Exit(do_inspect(repo, migration))


@app.command()
def init(repo: Path = RepoArg) -> None:
    """Write a commented meshify.toml at the repository root (never overwrites one)."""
    from .settings import write_example

    raise typer.Exit(write_example(repo))


def _is_usage_error(e: Exception) -> bool:
    """A click exception (typer may bundle its own copy of click, so test the shape, not the class)."""
    return callable(getattr(e, "show", None)) and isinstance(getattr(e, "exit_code", None), int)


def main(argv: list[str] | None = None) -> int:
    """Run meshify with ``argv`` (default: the process arguments); return the exit code."""
    try:
        rv = app(args=argv, prog_name="meshify", standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):  # never click's "Aborted!" with exit 1 (--check's "would change")
        print(INTERRUPTED_MESSAGE, file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as e:
        if _is_usage_error(e):  # click's own message and code (2), as in standalone mode
            e.show()
            return e.exit_code
        # a bug outside a migration run (inspect, init, option parsing)
        report_internal_error(e, debug="--debug" in (sys.argv[1:] if argv is None else argv))
        return EXIT_INTERNAL
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
