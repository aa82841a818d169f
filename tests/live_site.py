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
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

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
        argv = [
            sys.executable,
            "-m",
            "uvicorn",
            "werkplein.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--ws",
            "websockets",
        ]
        process = self._popen(argv, env, f"server-{port}")
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        url = f"http://127.0.0.1:{port}/accounts/login/"
        while True:
            if process.poll() is not None:
                raise AssertionError(f"server on port {port} ended:\n{self.log(process)}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return process
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop(process)
                raise AssertionError(f"server on port {port} did not answer:\n{self.log(process)}")
            time.sleep(0.2)

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
def live_site() -> Iterator[LiveSite]:
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
    Berichten starts it."""
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
