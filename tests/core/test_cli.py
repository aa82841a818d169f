"""The `werkplein` command: what each subcommand runs."""

import importlib
import os

import pytest

from werkplein import cli


@pytest.fixture
def managed(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "manage", calls.append)
    return calls


def test_unknown_commands_go_to_django(capsys):
    cli.main(["check"])
    assert "System check identified no issues" in capsys.readouterr().out


def test_worker_runs_the_task_worker(managed):
    cli.main(["worker", "--queue-name", "default"])
    cli.main(["migrate", "--plan"])
    cli.main([])
    assert managed == [["db_worker", "--queue-name", "default"], ["migrate", "--plan"], ["help"]]


def test_serve_runs_uvicorn_with_workers(monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    cli.main(["serve", "--host", "10.0.0.5", "--port", "9000", "--workers", "3"])
    assert calls == [
        ("werkplein.asgi:application", {"host": "10.0.0.5", "port": 9000, "workers": 3})
    ]


def test_demo_seeds_serves_and_stops_its_worker(monkeypatch, capsys):
    import subprocess

    import django.core.management
    import uvicorn

    for name in cli.DEMO_ENV:
        monkeypatch.delenv(name, raising=False)
    commands, served = [], []
    monkeypatch.setattr(
        django.core.management, "call_command", lambda *a, **kw: commands.append(a[0])
    )
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(kw))

    class Worker:
        def __init__(self, args):
            self.args, self.stopped = args, False

        def terminate(self):
            self.stopped = True

        def wait(self, timeout):
            return 0

    workers = []
    monkeypatch.setattr(
        subprocess, "Popen", lambda args: workers.append(Worker(args)) or workers[-1]
    )
    monkeypatch.setattr("werkplein.core.models.Werkplein.objects.exists", lambda: False)

    cli.main(["demo", "--port", "8123"])

    assert commands == ["migrate", "seed", "collectstatic"]
    assert served == [{"host": "127.0.0.1", "port": 8123}]
    assert workers[0].args[-1] == "worker" and workers[0].stopped
    assert os.environ["WERKPLEIN_SERVE_STATIC"] == "1"
    assert os.environ["WERKPLEIN_REQUIRE_2FA"] == "0"
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in out
    assert "coach1" in out and "werkplein-demo" in out


def test_asgi_serves_static_files_when_asked(monkeypatch):
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    import werkplein.asgi

    monkeypatch.setenv("WERKPLEIN_SERVE_STATIC", "1")
    assert isinstance(importlib.reload(werkplein.asgi).application, ASGIStaticFilesHandler)
    monkeypatch.setenv("WERKPLEIN_SERVE_STATIC", "0")
    assert not isinstance(importlib.reload(werkplein.asgi).application, ASGIStaticFilesHandler)
