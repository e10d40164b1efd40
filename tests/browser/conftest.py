"""A real Marsad server (server.py) on a free port and Debian's Chromium driven by Playwright.

The demo passwords are made at seed time, so each server's database copy gets its own
Souss-Massa editor with a known password (EDITOR, EDITOR_PASSWORD); `sign_in` uses the real
sign-in page.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from security.browser import in_language
from services.accounts import create_user
from services.actors import COMMAND_LINE
from services.db import make_engine
from tests.helpers import TODAY

ROOT = Path(__file__).resolve().parents[2]
# A first run after a server start can take seconds on a loaded 2-core machine.
expect.set_options(timeout=20_000)
EDITOR = "editor.souss"
EDITOR_PASSWORD = "browser-test-password"
# Every account a browser test signs in with (all with EDITOR_PASSWORD):
# username -> (display name, role, regions)
ACCOUNTS = {
    EDITOR: ("Éditrice Souss-Massa", "editor", ["09"]),
    "editor.agadir": ("Éditeur Agadir", "editor", ["09"]),
    "editor.bmk": ("Éditeur Béni Mellal-Khénifra", "editor", ["05"]),
    "validator.agadir": ("Validatrice Souss-Massa", "validator", ["09"]),
    "validator.tiznit": ("Validateur Souss-Massa", "validator", ["09"]),
    "admin": ("Administratrice", "admin", []),
    "donor.viewer": ("Lectrice bailleur", "viewer", []),
}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not become healthy")


@dataclass(frozen=True)
class Server:
    """A running Marsad server: where to browse and which database it serves."""

    url: str
    db_url: str


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeded_template):
    """A Marsad server over a private copy of the demo database."""
    folder = tmp_path_factory.mktemp("server")
    shutil.copy(seeded_template, folder / "marsad.db")
    port = free_port()
    db_url = f"sqlite:///{folder / 'marsad.db'}"
    engine = make_engine(db_url)
    for username, (display_name, role, regions) in ACCOUNTS.items():
        create_user(
            engine,
            actor=COMMAND_LINE,
            username=username,
            display_name=display_name,
            password=EDITOR_PASSWORD,
            role=role,
            regions=regions,
        )
    engine.dispose()
    env = os.environ | {
        "DATABASE_URL": db_url,
        "MARSAD_TODAY": TODAY.isoformat(),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "server.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield Server(base, db_url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def server_url(server) -> str:
    """Base URL of the module's server."""
    return server.url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright; required (not skipped) in CI."""
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI") or os.environ.get("MARSAD_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-core)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _desktop_tab(browser):
    """A tab in a context of its own (own cookies and session) with a desktop-sized window."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab with a desktop-sized window."""
    yield from _desktop_tab(browser)


def choose(page, label: str, option: str, *, exact: bool = True, row: int | None = None) -> None:
    """Pick an option in a Streamlit selectbox by typing to filter it, then Enter.

    `row` picks one of several boxes with the same label (the rows of a form).

    The open list redraws its options under a moving pointer (a click can land on an option
    that was just replaced); typing narrows the list to the option, and Enter picks it. A run
    that ends while the list opens redraws the box and closes the list: then it is opened again.
    """
    combobox = page.get_by_role("combobox", name=label, exact=True)
    if row is not None:
        combobox = combobox.nth(row)
    listbox = page.get_by_role("listbox")
    first = listbox.get_by_role("option").first
    for last_try in (False, True):
        wait_idle(page)
        combobox.click()
        combobox.fill(option)
        shows = expect(first).to_have_text if exact else expect(first).to_contain_text
        try:
            shows(option, timeout=20_000 if last_try else 5_000)
            break
        except AssertionError:
            if last_try:
                raise
            combobox.press("Escape")
    chosen = first.inner_text()
    combobox.press("Enter")
    expect(listbox).to_be_hidden()
    expect(combobox).to_have_value(chosen)


@pytest.fixture
def second_page(browser):
    """Another person's browser: a separate context, so separate cookies and session."""
    yield from _desktop_tab(browser)


def type_date(page, label: str, text: str) -> None:
    """Type a date (YYYY-MM-DD) into a Streamlit date field, as a person at the keyboard.

    The field is three segments (year, month, day) that move on as they fill up.
    """
    field = page.get_by_role("group", name=label, exact=True).first
    segments = field.get_by_role("spinbutton")
    expect(segments.first).to_be_visible()
    for segment in reversed(segments.all()):
        segment.click()
        for _ in range(4):
            page.keyboard.press("Backspace")
    segments.first.click()
    page.keyboard.type(text.replace("-", ""), delay=30)
    page.keyboard.press("Tab")
    expect(field).to_contain_text(text)


def wait_idle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def sign_in(page, base: str, next_path: str = "/", username: str = EDITOR) -> None:
    """Sign in through the sign-in page (French) and wait for the page it returns to."""
    page.goto(f"{base}/signin?{urlencode({'next': next_path, 'lang': 'fr'})}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # The sign-in page is French: a path naming no language goes on in French.
    page.wait_for_url(f"{base}{in_language(next_path, 'fr')}")
    wait_idle(page)
