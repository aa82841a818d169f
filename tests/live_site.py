"""A real Werkplein in other processes: a migrated, seeded database and servers or workers on it.

The `live_site` fixture (session scope) prepares a database that subprocesses can open: on SQLite
a temporary file, on PostgreSQL (DATABASE_URL set to postgres) a database of its own,
`werkplein_live_<pid>`, created and dropped here. It runs `werkplein migrate` and
`werkplein seed --demo` once (demo accounts coach1, client1, ... password "werkplein-demo").

Use it in a test module with `from tests.live_site import live_site  # noqa: F401`, then:

    live_site.env                       the environment for subprocesses (a dict copy per call)
    live_site.run("check")              a `werkplein` command, waits, raises on failure
    live_site.shell("print(1)")         `werkplein shell -c`, returns its stdout
    live_site.start_server(port, env=)  uvicorn on 127.0.0.1:port, waits until it answers
    live_site.start("worker", env=)     any `werkplein` command in the background
    live_site.stop(process)             ends one started process
    live_site.sql("SELECT ...", [..])   rows of a query on the site's database, from this process
                                        (no `werkplein shell` start-up: handy for polling)

Every process started is stopped at the end of the session. Their output goes to log files in
the site's directory; `live_site.log(process)` reads one back (handy in assertion messages).
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from werkplein.messaging import servers

DEMO_PASSWORD = "werkplein-demo"
SERVER_START_TIMEOUT = 60.0
COMMAND_TIMEOUT = 300.0

# Variables of the test process that must not leak into the site's processes.
_DROPPED = ("DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://", "postgis://"))


def _server_url(database_url: str, name: str) -> tuple[str, str]:
    """(URL of the database `name` on the same server, libpq URL of the server's `postgres` db)."""
    parts = urlsplit(database_url)
    scheme = "postgres"
    return (
        urlunsplit((scheme, parts.netloc, f"/{name}", parts.query, "")),
        urlunsplit(("postgresql", parts.netloc, "/postgres", "", "")),
    )


def _admin(maintenance_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql)


class LiveSite:
    def __init__(self, directory: Path, database_url: str) -> None:
        self.directory = directory
        self.database_url = database_url
        self.processes: list[subprocess.Popen] = []
        self.cache: dict = {}  # facts about the seeded site that stay true all session
        self._logs: dict[int, Path] = {}
        base = {k: v for k, v in os.environ.items() if k not in _DROPPED}
        base.update(
            {
                "DJANGO_SETTINGS_MODULE": "werkplein.settings",
                "DATABASE_URL": database_url,
                "WERKPLEIN_ALLOW_DEV_SECRET": "1",
                "WERKPLEIN_SECURE": "0",
                "WERKPLEIN_REQUIRE_2FA": "0",
                "WERKPLEIN_SERVE_STATIC": "1",
                "WERKPLEIN_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "WERKPLEIN_ATTACHMENT_ROOT": str(directory / "attachments"),
                "EMAIL_URL": "consolemail://",
                "PYTHONUNBUFFERED": "1",
            }
        )
        self._env = base

    @property
    def env(self) -> dict[str, str]:
        return dict(self._env)

    def _merged(self, env: dict[str, str] | None) -> dict[str, str]:
        merged = self.env
        for key, value in (env or {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return merged

    @staticmethod
    def command(*args: str) -> list[str]:
        return [sys.executable, "-m", "werkplein.cli", *args]

    def run(
        self, *args: str, env: dict[str, str] | None = None, check: bool = True, timeout=None
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 -- our own command line
            self.command(*args),
            env=self._merged(env),
            capture_output=True,
            text=True,
            timeout=timeout or COMMAND_TIMEOUT,
            cwd=self.directory,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"werkplein {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def shell(self, code: str, env: dict[str, str] | None = None) -> str:
        return self.run("shell", "--no-imports", "-v", "0", "-c", code, env=env).stdout

    def sql(self, query: str, params: list | tuple = ()) -> list[tuple]:
        """Runs one statement on the site's database in its own committed transaction and
        returns its rows (none for a write). `%s` placeholders on both databases. A direct
        connection, not `werkplein shell`: starting Django in a subprocess costs seconds of CPU,
        too much for a check polled several times a second."""
        if _is_postgres(self.database_url):
            import psycopg

            url = urlunsplit(("postgresql", *urlsplit(self.database_url)[1:]))
            with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        import sqlite3

        path = self.database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path, timeout=20)) as conn, conn:
            cursor = conn.execute(query.replace("%s", "?"), tuple(params))
            return cursor.fetchall()

    def _popen(self, argv: list[str], env: dict[str, str] | None, name: str) -> subprocess.Popen:
        log = self.directory / f"{name}-{len(self.processes)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 -- our own command line
                argv,
                env=self._merged(env),
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.directory,
                start_new_session=True,
            )
        self.processes.append(process)
        self._logs[process.pid] = log
        return process

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """A `werkplein` command in the background (a worker, ...)."""
        return self._popen(self.command(*args), env, args[0] if args else "werkplein")

    def start_server(self, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
        """uvicorn with the ASGI application on 127.0.0.1:port, answering when this returns."""
        process = self._popen(servers.uvicorn_command(port), env, f"server-{port}")
        running = lambda: process.poll() is None  # noqa: E731
        if servers.wait_until_answering(port, running, timeout=SERVER_START_TIMEOUT):
            return process
        if not running():
            raise AssertionError(f"server on port {port} ended:\n{self.log(process)}")
        self.stop(process)
        raise AssertionError(f"server on port {port} did not answer:\n{self.log(process)}")

    def log(self, process: subprocess.Popen) -> str:
        path = self._logs.get(process.pid)
        return path.read_text(errors="replace") if path and path.exists() else ""

    def stop(self, process: subprocess.Popen, timeout: float = 10.0) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=timeout)

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


def http_login(base_url: str, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    """Logs in through the login page; returns the cookies (sessionid, csrftoken)."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base_url}/accounts/login/", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"{base_url}/accounts/login/", data=body, headers={"Referer": f"{base_url}/accounts/login/"}
    )
    with opener.open(request, timeout=10):
        pass
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise AssertionError(f"login of {username} at {base_url} failed")
    return cookies


def redis_test_url() -> str:
    """A Redis database of this test process's own (4, 5, ... by pytest-xdist worker), so tests
    that flush it never disturb another worker's servers."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"redis://127.0.0.1:6379/{4 + int(worker or 0)}"


@pytest.fixture(scope="session")
def live_site(live_site_shared: "LiveSite") -> LiveSite:
    """The one live site of this test process (tests/conftest.py makes it).

    Each module that imports this fixture gets a session fixture of its own; all of them hand
    out the same site, so it is migrated and seeded once per test process, not once per module.
    """
    return live_site_shared


@contextlib.contextmanager
def running_site() -> Iterator[LiveSite]:
    """Makes the live site and ends it, its processes and its database afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="werkplein-live-"))
    configured = os.environ.get("DATABASE_URL", "")
    postgres = _is_postgres(configured)
    if not postgres:
        try:
            from django.db import connection

            postgres = connection.vendor == "postgresql"
            if postgres and not configured:
                s = connection.settings_dict
                configured = (
                    f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
                    f"{s['PORT'] or 5432}/{s['NAME']}"
                )
        except Exception:
            postgres = False
    maintenance = None
    name = f"werkplein_live_{os.getpid()}"
    if postgres:
        database_url, maintenance = _server_url(configured, name)
        _admin(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(maintenance, f'CREATE DATABASE "{name}"')
        # A throw-away database: its commits need not wait for the disk (as in tests/conftest).
        _admin(maintenance, f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
    else:
        database_url = f"sqlite:///{directory / 'live.sqlite3'}"
    site = LiveSite(directory, database_url)
    try:
        site.run("migrate", "--no-input", "-v", "0")
        site.run("seed", "--demo")
        yield site
    finally:
        site.stop_all()
        if maintenance:
            _admin(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(directory, ignore_errors=True)


def demo_conversation(site: LiveSite, username: str) -> int:
    """The id of a demo client's conversation with his coach, started as the first visit to
    Berichten starts it. Remembered per site: it stays the same for the whole session."""
    key = ("conversation", username)
    if key not in site.cache:
        site.cache[key] = _demo_conversation(site, username)
    return site.cache[key]


def _demo_conversation(site: LiveSite, username: str) -> int:
    out = site.shell(
        "from werkplein.clients.models import Client\n"
        "from werkplein.messaging.selectors import conversations_for_client\n"
        "from werkplein.messaging.services import first_conversation\n"
        f"c = Client.objects.select_related('coach', 'user').get(user__username='{username}')\n"
        "chat = first_conversation(actor=c.coach, client=c) or conversations_for_client(\n"
        "    c.coach, c).filter(participants__user=c.user).order_by('pk').first()\n"
        "print('conversation', chat.pk)"
    )
    return int(out.split("conversation")[-1].strip())
