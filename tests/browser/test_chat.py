"""The chat box in two browsers: client1 and coach1 at their own desks, each on another server
process, the processes joined through Redis. The coach's reply appears in the client's window
without reload within a second; a double click sends once; HTML typed shows as text."""

import re
import time

import pytest
import redis
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_same_page, mark_page
from tests.live_site import (  # noqa: F401
    DEMO_PASSWORD,
    demo_conversation,
    free_port,
    live_site,
    redis_test_url,
)

REDIS_URL = redis_test_url()


@pytest.fixture
def servers(live_site):  # noqa: F811
    try:
        connection = redis.Redis.from_url(REDIS_URL)
        connection.flushdb()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    ports = free_port(), free_port()
    processes = [live_site.start_server(port, env={"REDIS_URL": REDIS_URL}) for port in ports]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for process in processes:
        live_site.stop(process)
    connection.flushdb()


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def open_chat(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".chat-status")).to_have_text(re.compile(r"^Verbonden"))


def messages(page: Page, text: str):
    return page.locator("#chat-messages > li").filter(has_text=text)


def test_the_coaches_reply_appears_in_the_clients_window(live_site, servers, new_context):  # noqa: F811
    coach_server, client_server = servers
    conversation = demo_conversation(live_site, "client1")

    client_page = new_context().new_page()
    log_in(client_page, client_server, "client1")
    client_url = f"{client_server}/mijn/berichten/{conversation}/"
    open_chat(client_page, client_url)
    mark_page(client_page)

    coach_page = new_context().new_page()
    log_in(coach_page, coach_server, "coach1")
    open_chat(coach_page, f"{coach_server}/berichten/{conversation}/")

    # The coach answers with Enter; HTML in it is text.
    reply = "Tot morgen <b>om tien uur</b>"
    coach_page.locator("#chat-form textarea[name=text]").fill(reply)
    started = time.monotonic()
    coach_page.locator("#chat-form textarea[name=text]").press("Enter")
    expect(messages(client_page, reply)).to_have_count(1, timeout=1000)
    assert time.monotonic() - started < 1.0
    assert client_page.locator("#chat-messages b").count() == 0
    assert_same_page(client_page, client_url)
    # His own window shows it too, and the box is empty for the next one.
    expect(messages(coach_page, reply)).to_have_count(1)
    expect(coach_page.locator("#chat-form textarea[name=text]")).to_have_value("")

    # The client answers with a double click on Versturen: one message.
    client_page.locator("#chat-form textarea[name=text]").fill("Dat is goed, tot dan")
    client_page.get_by_role("button", name="Versturen").dblclick()
    expect(messages(coach_page, "Dat is goed, tot dan")).to_have_count(1, timeout=1000)
    coach_page.wait_for_timeout(500)
    expect(messages(coach_page, "Dat is goed, tot dan")).to_have_count(1)
    expect(messages(client_page, "Dat is goed, tot dan")).to_have_count(1)
    stored = live_site.shell(
        "from werkplein.messaging.models import Message\n"
        "print(Message.objects.filter(text='Dat is goed, tot dan').count())"
    )
    assert stored.strip() == "1"
    assert_same_page(client_page, client_url)


def test_the_form_still_posts_without_a_socket(live_site, servers, new_context):  # noqa: F811
    """With scripts off the page is the plain form: it posts and the page shows the message."""
    _, client_server = servers
    conversation = demo_conversation(live_site, "client1")
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, client_server, "client1")
    page.goto(f"{client_server}/mijn/berichten/{conversation}/")
    page.locator("#chat-form textarea[name=text]").fill("Zonder JavaScript")
    page.get_by_role("button", name="Versturen").click()
    expect(messages(page, "Zonder JavaScript")).to_have_count(1)
