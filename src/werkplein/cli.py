"""The `werkplein` command.

werkplein demo                       migrate, load the demo, serve it with a worker
werkplein serve [--host] [--port] [--workers]   the ASGI server (uvicorn), for production
werkplein worker [...]               the background task worker (django-tasks-db)
werkplein seed --demo | --clients N  generated data
werkplein bench [--clients N]        the benchmark
werkplein <anything else>            Django's management commands: migrate, check --deploy, ...
"""

import argparse
import os
import subprocess
import sys

ASGI_APP = "werkplein.asgi:application"
DEMO_ENV = {
    "WERKPLEIN_ALLOW_DEV_SECRET": "1",
    "WERKPLEIN_SECURE": "0",
    "WERKPLEIN_REQUIRE_2FA": "0",
    "WERKPLEIN_SERVE_STATIC": "1",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplein.settings")
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "demo":
        demo(rest)
    elif command == "serve":
        serve(rest)
    elif command == "worker":
        worker(rest)
    else:
        manage(argv or ["help"])


def manage(args: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["werkplein", *args])


def worker(args: list[str]) -> None:
    """The task worker. It first enqueues one outbox delivery, so messages left queued or
    half-sent by a worker that stopped or died are picked up when it starts again."""
    import django

    django.setup()
    try:
        from werkplein.notifications.tasks import deliver_outbox

        deliver_outbox.enqueue()
    except Exception as error:  # e.g. not migrated yet: the worker still starts
        print(f"werkplein worker: outbox not enqueued ({type(error).__name__})", file=sys.stderr)
    manage(["db_worker", *args])


def _server_options(args: list[str], prog: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"werkplein {prog}")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    if prog == "serve":
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )
    return parser.parse_args(args)


def serve(args: list[str]) -> None:
    import uvicorn

    options = _server_options(args, "serve")
    uvicorn.run(ASGI_APP, host=options.host, port=options.port, workers=options.workers)


def demo(args: list[str]) -> None:
    """Everything on one machine: migrate, load the demo once, serve it with a worker."""
    for name, value in DEMO_ENV.items():
        os.environ.setdefault(name, value)
    options = _server_options(args, "demo")

    import django
    from django.core.management import call_command

    django.setup()
    from werkplein.accounts.models import Role
    from werkplein.core.seeding import DEMO_ACCOUNTS, DEMO_PASSWORD

    call_command("migrate", verbosity=0)
    call_command("seed", demo=True)  # loads the demo Werkplein once; later runs keep it
    call_command("collectstatic", interactive=False, verbosity=0)

    url = f"http://{options.host}:{options.port}/"
    print(f"\nWerkplein demo: {url}\n")
    print(f"  {'gebruiker':<12} {'wachtwoord':<15} {'rol':<32} toelichting")
    for a in DEMO_ACCOUNTS:
        role = Role(a.role).label
        print(f"  {a.username:<12} {DEMO_PASSWORD:<15} {role:<32} {a.description}")
    print()

    worker = subprocess.Popen([sys.executable, "-m", "werkplein.cli", "worker"])
    try:
        import uvicorn

        uvicorn.run(ASGI_APP, host=options.host, port=options.port)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    main()
