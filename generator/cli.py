"""meshify command line. Thin: options -> pipeline -> plan -> diff | check | apply.

``main(argv) -> int`` never raises: every outcome becomes an exit code, listed
in ``generator/errors.py`` and the README (0 ok, 1 would change, 2 usage,
3 input error, 4 refused, 123 internal error, 130 interrupted).

Start-up counts in a commit hook, so typer (and click, ~50 ms to import) is imported only when
needed: ``meshify --version`` and the plain runs (``meshify <migration> REPO`` with any of
``--check``, ``--dry-run``, ``--allow-dirty``, ``-q``/``--quiet``) are read by ``_fast_path``,
which calls ``output.run`` exactly as the typer command does (``tests/test_cli.py`` compares
the two). Everything else (``--help``, other flags, usage errors) goes through typer.
"""
import os
import sys

from . import __version__

HELP = "Migrate Spring Cloud (Eureka) and Dubbo Maven repositories to Kubernetes and an Istio sidecar mesh."
REPO_HELP = "Repository root (the folder holding the root pom.xml)."


def _run_flags() -> tuple[list, list]:
    """Flags every migration command has, before and after the options built from the dataclasses."""
    from pathlib import Path
    from typing import Optional

    run = [
        ("dry_run", bool, "--dry-run", "Print a unified diff of every change; write nothing."),
        ("check", bool, "--check", "Print the diff and exit 1 when anything would change (pre-commit, CI); may be combined with --dry-run."),
        ("allow_dirty", bool, "--allow-dirty", "Apply even when files to be written have uncommitted changes."),
    ]
    output = [
        ("quiet", bool, ("--quiet", "-q"), "Print only the diff and errors."),
        ("report", Optional[Path], "--report", "Write a JSON report of the plan to this file."),
        ("debug", bool, "--debug", "On an internal error, print the traceback (also MESHIFY_DEBUG=1)."),
    ]
    return run, output


def _field_type(f, hints: dict) -> object:
    """How an options field's flag parses: bool stays a switch, anything else is optional (None: not given)."""
    from typing import Optional

    declared = hints[f.name]
    plain = next((t for t in (bool, int, str) if declared in (t, Optional[t])), str)
    cli_type = f.metadata.get("cli_type")
    return Optional[cli_type] if cli_type else {bool: bool, str: Optional[str], int: Optional[int]}[plain]


def _option_fields(migration) -> list[tuple]:
    """(field, flag type) of every options flag of ``migration``: ``--force``, its own, the shared ones."""
    import typing

    from .options import cli_fields

    hints = typing.get_type_hints(migration.Options)
    own = cli_fields(migration.Options, shared=False)
    shared = cli_fields(migration.Options, shared=True)
    ordered = [f for f in shared if f.name == "force"] + own + [f for f in shared if f.name != "force"]
    return [(f, _field_type(f, hints)) for f in ordered]


def _run_migration(migration, repo, *, dry_run: bool, check: bool, allow_dirty: bool, quiet: bool,
                   report, debug: bool, opts: dict) -> int:
    import gc

    from .output import run

    if opts.get("config_repo") is not None:
        opts["config_repo"] = str(opts["config_repo"])
    # A run builds one large graph of parsed files and keeps it to the end: the cyclic collector's young
    # generations would be scanned about 1,800 times at 1,000 modules for almost nothing to free. Collect
    # young objects far less often (as mypy does), and put the process's setting back afterwards.
    before = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    try:
        return run(repo, migration.name, dry_run=dry_run, check=check, allow_dirty=allow_dirty, quiet=quiet,
                   report=report, cli_options=opts, debug=debug)
    finally:
        gc.set_threshold(*before)


GC_THRESHOLD = 5_000  # allocations between two young-generation collections (Python's default: 700)


# --------------------------------------------------------------------------- without typer

_FAST_FLAGS = {"--check": "check", "--dry-run": "dry_run", "--allow-dirty": "allow_dirty", "-q": "quiet", "--quiet": "quiet"}


def _fast_path(args: list[str]) -> int | None:
    """The exit code of ``meshify --version`` or of a plain migration run, or None: typer parses it."""
    if args == ["--version"]:
        print(f"meshify {__version__}")
        return 0
    from .migrations import MIGRATIONS

    if not args or args[0] not in MIGRATIONS:
        return None
    repos = [a for a in args[1:] if not a.startswith("-")]
    flags = [a for a in args[1:] if a.startswith("-")]
    if len(repos) != 1 or not repos[0] or any(f not in _FAST_FLAGS for f in flags):
        return None
    given = [_FAST_FLAGS[f] for f in flags]
    if len(set(given)) != len(given):  # a flag twice: leave it to click
        return None
    migration = MIGRATIONS[args[0]]
    opts = {f.name: (False if typ is bool else None) for f, typ in _option_fields(migration)}
    run_flags = {name: name in given for name in ("dry_run", "check", "allow_dirty", "quiet")}
    from pathlib import Path

    from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, INTERRUPTED_MESSAGE, report_internal_error

    try:
        return _run_migration(migration, Path(repos[0]), **run_flags, report=None, debug=False, opts=opts)
    except KeyboardInterrupt:
        print(INTERRUPTED_MESSAGE, file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as e:  # output.run reports its own failures; this is a bug around it
        report_internal_error(e, debug=False)
        return EXIT_INTERNAL


# --------------------------------------------------------------------------- typer


def build_app():
    """The typer application: every command, flag and help text."""
    from inspect import Parameter, Signature
    from pathlib import Path
    from typing import Any, Optional

    import typer

    from .errors import EXIT_OK
    from .migrations import MIGRATIONS

    run_flags, output_flags = _run_flags()

    app = typer.Typer(
        name="meshify",
        help=HELP,
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

    repo_arg = typer.Argument(..., help=REPO_HELP, exists=False)

    def flag(name: str, typ: Any, flags: Any, help: str) -> Parameter:
        decls = flags if isinstance(flags, tuple) else (flags,)
        default = typer.Option(False if typ is bool else None, *decls, help=help)
        return Parameter(name, Parameter.KEYWORD_ONLY, default=default, annotation=typ)

    def migration_command(migration):
        """`meshify <name> REPO [flags]`: run flags, --force, the migration's own flags, the shared ones, output flags."""
        options = [flag(f.name, typ, f.metadata["flag"], f.metadata["help"]) for f, typ in _option_fields(migration)]
        params = [Parameter("repo", Parameter.KEYWORD_ONLY, default=repo_arg, annotation=Path),
                  *[flag(*spec) for spec in run_flags], *options, *[flag(*spec) for spec in output_flags]]

        def command(repo: Path, dry_run: bool, check: bool, allow_dirty: bool, quiet: bool, report: Optional[Path], debug: bool, **opts: Any) -> None:
            raise typer.Exit(_run_migration(migration, repo, dry_run=dry_run, check=check, allow_dirty=allow_dirty,
                                            quiet=quiet, report=report, debug=debug, opts=opts))

        command.__signature__ = Signature(params)
        command.__annotations__ = {p.name: p.annotation for p in params}
        command.__doc__ = migration.help
        command.__name__ = migration.name
        return command

    for migration in MIGRATIONS.values():
        app.command(name=migration.name)(migration_command(migration))

    def known_migration(value: str) -> str:
        if value != "auto" and value not in MIGRATIONS:
            raise typer.BadParameter(f"choose one of {', '.join(MIGRATIONS)} or auto")
        return value

    @app.command()
    def inspect(
        repo: Path = repo_arg,
        migration: str = typer.Option("auto", "--as", callback=known_migration, help=f"{', '.join(MIGRATIONS)}, or auto (detect)."),
    ) -> None:
        """Show what meshify sees (modules, services, versions, findings); change nothing."""
        from .output import inspect as do_inspect

        raise typer.Exit(do_inspect(repo, migration))

    @app.command()
    def init(repo: Path = repo_arg) -> None:
        """Write a commented meshify.toml at the repository root (never overwrites one)."""
        from .settings import write_example

        raise typer.Exit(write_example(repo))

    return app


def _is_usage_error(e: Exception) -> bool:
    """A click exception (typer may bundle its own copy of click, so test the shape, not the class)."""
    return callable(getattr(e, "show", None)) and isinstance(getattr(e, "exit_code", None), int)


def main(argv: list[str] | None = None) -> int:
    """Run meshify with ``argv`` (default: the process arguments); return the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    code = _fast_path(args)
    if code is not None:
        return code
    return typer_main(args)


def typer_main(args: list[str]) -> int:
    """``main`` through typer, whatever the arguments."""
    import typer

    from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, INTERRUPTED_MESSAGE, report_internal_error

    try:
        rv = build_app()(args=args, prog_name="meshify", standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):  # never click's "Aborted!" with exit 1 (--check's "would change")
        print(INTERRUPTED_MESSAGE, file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as e:
        if _is_usage_error(e):  # click's own message and code (2), as in standalone mode
            e.show()
            return e.exit_code
        # a bug outside a migration run (inspect, init, option parsing)
        report_internal_error(e, debug="--debug" in args)
        return EXIT_INTERNAL
    return rv if isinstance(rv, int) else EXIT_OK


def entry() -> None:
    """The ``meshify`` command: ``main()``, then out at once.

    A run ends holding everything it parsed (at 1,000 modules, 0.8 s of a 14 s run went to tearing that
    down object by object after the last line was printed). Every file meshify writes is closed and the
    lock released before ``main`` returns, so only the standard streams are left to flush; then the
    process ends without the interpreter's teardown, as mypy's command does."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away (| head), or the stream is closed: nothing left to say
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
