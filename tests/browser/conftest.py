"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage) for each test. Pages
are Dutch (locale nl-NL) and every test fails on JavaScript errors or CSP refusals.
"""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 5_000

# A 4xx answer to an htmx request (409 stale edit, 422 invalid form) is logged by Chromium
# as "Failed to load resource"; the pages handle those answers, so they are not errors.
_HARMLESS_CONSOLE = re.compile(r"^Failed to load resource: the server responded with a status")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def world_live(transactional_db, world, live_server):
    """The shared `world`, committed so the live server's thread sees it.

    `transactional_db` comes first, so the `db` that `world` asks for is transactional too.
    """
    return world


@pytest.fixture
def server_url(live_server) -> str:
    return live_server.url


class BrowserErrors:
    """JavaScript errors and console errors (CSP refusals among them) of one test's pages."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda exc: self.messages.append(f"pageerror: {exc}"))
        page.on(
            "console",
            lambda msg: (
                self.messages.append(f"console {msg.type}: {msg.text} ({msg.location})")
                if msg.type == "error" and not _HARMLESS_CONSOLE.match(msg.text)
                else None
            ),
        )


@pytest.fixture
def browser_errors() -> Iterator[BrowserErrors]:
    errors = BrowserErrors()
    yield errors
    assert not errors.messages, "errors in the browser:\n" + "\n".join(errors.messages)


@pytest.fixture
def new_context(
    browser: Browser, browser_errors: BrowserErrors
) -> Iterator[Callable[..., BrowserContext]]:
    """Makes browser contexts (a second one is a second person at another desk)."""
    contexts: list[BrowserContext] = []

    def make(**kwargs) -> BrowserContext:
        options = {
            "locale": "nl-NL",
            "timezone_id": "Europe/Amsterdam",
            "viewport": {"width": 1280, "height": 900},
            **kwargs,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.on("page", browser_errors.watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


@pytest.fixture
def log_in(server_url: str) -> Callable[[Page, str], Page]:
    """Logs in through the real login page, as a person would."""

    def _log_in(page: Page, username: str) -> Page:
        page.goto(f"{server_url}/accounts/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        return page

    return _log_in


def assert_htmx_loaded(page: Page) -> None:
    """htmx came from the live server's static files and runs (the CSP allows it)."""
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("window.htmx.version").startswith("2.")


def mark_page(page: Page) -> None:
    """Puts a marker on the window; a full page load would lose it."""
    page.evaluate("window.__marker = 1")


def assert_same_page(page: Page, url: str) -> None:
    assert page.url == url
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"


_HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def wait_for_htmx(page: Page) -> None:
    """Waits until htmx has settled: new content gets its hx- behaviour only after settling.

    A locator, not wait_for_function: the page's CSP forbids the eval that polling needs.
    """
    expect(page.locator(_HTMX_BUSY)).to_have_count(0)
