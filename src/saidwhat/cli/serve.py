"""``saidwhat serve``: the web UI and JSON API over a store."""

from __future__ import annotations

import ipaddress
import os

import click

from ._common import warn

DEFAULT_DB = "saidwhat.db"


def _port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be bound (as uvicorn binds it), or ``None``."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    help="Store: a SQLite path, sqlite:///path or postgresql://user@host/db.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="SAIDWHAT_TOKEN",
    default=None,
    show_envvar=True,
    help="Enable POST /api/articles for requests with 'Authorization: Bearer TOKEN'. "
    "Without it the server is read-only.",
)
@click.option(
    "--max-body",
    type=click.IntRange(1, 2**40),
    default=2 * 1024 * 1024,
    show_default=True,
    help="Largest request body in bytes (413 above).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 1024),
    default=1,
    show_default=True,
    help="Server processes.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Host name the server may be reached by besides loopback ones and --host "
    "(repeatable; .example.org for subdomains, * for any). Other Host headers get 400 "
    "(DNS rebinding protection).",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve_cmd(
    db: str,
    host: str,
    port: int,
    token: str | None,
    max_body: int,
    workers: int,
    allow_hosts: tuple[str, ...],
    log_level: str,
) -> None:
    """Serve the web UI and JSON API over the store DB (read-only unless --token is given)."""
    from ..errors import Errors, SaidwhatError, Warnings
    from ..web.app import MIN_TOKEN_LENGTH
    from ..web.queries import sqlite_path
    from ._common import fail

    try:
        path = sqlite_path(db)  # an unsupported URL is E031
    except SaidwhatError as exc:
        raise fail(exc) from None
    if path is not None and not path.exists():
        raise click.ClickException(Errors.E057.format(path=path))
    if token is not None and len(token.strip()) < MIN_TOKEN_LENGTH:
        raise click.ClickException(Errors.E058.format(n=MIN_TOKEN_LENGTH))
    if not _is_loopback(host):
        warn(Warnings.W050.format(host=host))

    import uvicorn

    from ..web.protocol import IdleTimeoutH11Protocol

    # The app factory reads its settings from the environment so that every
    # worker process builds the same app.
    os.environ["SAIDWHAT_SERVE_DB"] = db
    os.environ["SAIDWHAT_SERVE_MAX_BODY"] = str(max_body)
    hosts = list(allow_hosts)
    if host not in ("0.0.0.0", "::", ""):
        hosts.append(host)  # the address bound is a name the server is reached by
    if any("," in h for h in hosts):
        raise click.BadParameter("one host name per --allow-host", param_hint="--allow-host")
    os.environ["SAIDWHAT_SERVE_HOSTS"] = ",".join(hosts)
    if token is not None:
        os.environ["SAIDWHAT_TOKEN"] = token
    else:
        os.environ.pop("SAIDWHAT_TOKEN", None)
    try:
        from ..web.app import app_from_env

        app_from_env()  # fail early, in this process, if the store cannot be opened
    except SaidwhatError as exc:
        raise fail(exc) from None
    problem = _port_problem(host, port)  # before saying "serving"
    if problem is not None:
        raise click.ClickException(Errors.E065.format(host=host, port=port, reason=problem))
    click.echo(
        f"saidwhat: serving {db} on http://{host}:{port} "
        f"({'ingest enabled' if token else 'read-only'})",
        err=True,
    )
    uvicorn.run(
        "saidwhat.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=5,
        # a connection that sends no request is closed after timeout_keep_alive (5 s)
        http=IdleTimeoutH11Protocol,
    )


COMMANDS = [serve_cmd]
