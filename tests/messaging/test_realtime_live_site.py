"""The live site fixture: a seeded database in other processes, a server on it."""

from tests.live_site import free_port, http_login, live_site  # noqa: F401


def test_live_site_serves_the_demo(live_site):  # noqa: F811
    assert "coach1" in live_site.shell(
        "from werkplein.accounts.models import User; print(User.objects.get(username='coach1'))"
        " or print('coach1')"
    )
    port = free_port()
    live_site.start_server(port)
    cookies = http_login(f"http://127.0.0.1:{port}", "client1")
    assert cookies["sessionid"]
