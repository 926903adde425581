"""meshify command line. Thin: options -> pipeline -> plan -> diff | check | apply.

``main(argv) -> int`` never raises: every outcome becomes an exit code, listed
in ``generator/errors.py`` and the README (0 ok, 1 would change, 2 usage,
3 input error, 4 refused, 123 internal error, 130 interrupted).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, INTERRUPTED_MESSAGE, report_internal_error

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


def _common(
    repo: Path,
    dry_run: bool,
    check: bool,
    allow_dirty: bool,
    quiet: bool,
    report: Optional[Path],
    migration: str,
    debug: bool = False,
    **opts,
) -> int:
    from .output import run

    return run(repo, migration, dry_run=dry_run, check=check, allow_dirty=allow_dirty, quiet=quiet, report=report, cli_options=opts, debug=debug)


@app.command()
def springcloud(
    repo: Path = RepoArg,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print a unified diff of every change; write nothing."),
    check: bool = typer.Option(False, "--check", help="Print the diff and exit 1 when anything would change (pre-commit, CI); may be combined with --dry-run."),
    allow_dirty: bool = typer.Option(False, "--allow-dirty", help="Apply even when files to be written have uncommitted changes."),
    force: bool = typer.Option(False, "--force", help="Regenerate manifests under k8s/base even if edited by hand."),
    keep_registry: bool = typer.Option(False, "--keep-registry", help="Keep the Eureka server module."),
    keep_config_server: bool = typer.Option(False, "--keep-config-server", help="Keep the Config Server module and migrate it as a service."),
    add_actuator: bool = typer.Option(False, "--add-actuator", help="Add spring-boot-starter-actuator where it is missing (for probes)."),
    config_repo: Optional[Path] = typer.Option(None, "--config-repo", help="Local checkout of the Config Server's git repository."),
    namespace: Optional[str] = typer.Option(None, "--namespace", help="Kubernetes namespace (default: root artifactId)."),
    output: Optional[str] = typer.Option(None, "--output", help="Folder for manifests, inside the repository (default k8s)."),
    image_registry: Optional[str] = typer.Option(None, "--image-registry", help="Image registry prefix."),
    image_tag: Optional[str] = typer.Option(None, "--image-tag", help="Image tag (default: the project version)."),
    debug_port: Optional[int] = typer.Option(None, "--debug-port", help="JDWP port kept reachable behind the sidecar."),
    mtls: Optional[str] = typer.Option(None, "--mtls", help="PeerAuthentication mode: strict (default) or permissive."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the diff and errors."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write a JSON report of the plan to this file."),
    debug: bool = typer.Option(False, "--debug", help="On an internal error, print the traceback (also MESHIFY_DEBUG=1)."),
) -> None:
    """Migrate a Spring Cloud Netflix Eureka repository to Spring Cloud Kubernetes on Istio."""
    code = _common(
        repo, dry_run, check, allow_dirty, quiet, report, "springcloud", debug,
        force=force, keep_registry=keep_registry, keep_config_server=keep_config_server, add_actuator=add_actuator,
        config_repo=str(config_repo) if config_repo else None, namespace=namespace, output=output,
        image_registry=image_registry, image_tag=image_tag, debug_port=debug_port, mtls=mtls,
    )
    raise typer.Exit(code)


@app.command()
def dubbo(
    repo: Path = RepoArg,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print a unified diff of every change; write nothing."),
    check: bool = typer.Option(False, "--check", help="Print the diff and exit 1 when anything would change (pre-commit, CI); may be combined with --dry-run."),
    allow_dirty: bool = typer.Option(False, "--allow-dirty", help="Apply even when files to be written have uncommitted changes."),
    force: bool = typer.Option(False, "--force", help="Regenerate manifests under k8s/base even if edited by hand."),
    dubbo_version: Optional[str] = typer.Option(None, "--dubbo-version", help="Target Dubbo version (default 3.1.5)."),
    dual_protocol: bool = typer.Option(False, "--dual-protocol", help="Keep the dubbo protocol on its old port beside tri."),
    namespace: Optional[str] = typer.Option(None, "--namespace", help="Kubernetes namespace (default: root artifactId)."),
    output: Optional[str] = typer.Option(None, "--output", help="Folder for manifests, inside the repository (default k8s)."),
    image_registry: Optional[str] = typer.Option(None, "--image-registry", help="Image registry prefix."),
    image_tag: Optional[str] = typer.Option(None, "--image-tag", help="Image tag (default: the project version)."),
    debug_port: Optional[int] = typer.Option(None, "--debug-port", help="JDWP port kept reachable behind the sidecar."),
    mtls: Optional[str] = typer.Option(None, "--mtls", help="PeerAuthentication mode: strict (default) or permissive."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the diff and errors."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write a JSON report of the plan to this file."),
    debug: bool = typer.Option(False, "--debug", help="On an internal error, print the traceback (also MESHIFY_DEBUG=1)."),
) -> None:
    """Migrate a Dubbo 2.6/2.7 repository to Dubbo 3 triple on an Istio sidecar mesh."""
    code = _common(
        repo, dry_run, check, allow_dirty, quiet, report, "dubbo", debug,
        force=force, dubbo_version=dubbo_version, dual_protocol=dual_protocol, namespace=namespace, output=output,
        image_registry=image_registry, image_tag=image_tag, debug_port=debug_port, mtls=mtls,
    )
    raise typer.Exit(code)


@app.command()
def inspect(
    repo: Path = RepoArg,
    migration: str = typer.Option("auto", "--as", help="springcloud, dubbo, or auto (detect)."),
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
