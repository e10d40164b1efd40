"""CSV downloads in Chromium against server.py: the page's link carries the session, a page on
another port of the same host cannot use it, and the link is dead once the session ends."""

import csv
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import expect

from i18n.catalog import translate
from security.browser import SESSION_COOKIE
from services.auth import sign_out
from services.db import make_engine
from tests.browser.conftest import sign_in


def fr(msgid: str) -> str:
    return translate("fr", msgid)


def serve_once(html: str) -> ThreadingHTTPServer:
    """A page on another port of 127.0.0.1: same site as the app, another origin."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_audit_csv_goes_to_its_session_only(page, server):
    sign_in(page, server.url, "/audit?lang=fr")
    # The changes' link (the sign-ins' has the same words and may be drawn first).
    link = page.get_by_role("link", name=fr("download.csv_semicolon")).filter(
        has=page.locator('xpath=self::*[contains(@href, "audit-changes")]')
    )
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header, *body = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    assert header[:3] == [fr("history.when"), fr("history.who"), fr("term.region")]
    assert body and {row[2] for row in body} == {"Souss-Massa"}
    address = f"{server.url}{link.get_attribute('href')}"

    # A page on another port of the same host: the browser sends the cookie, the route refuses.
    attacker = serve_once(f'<a href="{address}">rapport</a>')
    try:
        page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/")
        page.get_by_text("rapport").click()
        expect(page.get_by_text(fr("download.cross_site"))).to_be_visible()
    finally:
        attacker.shutdown()
        attacker.server_close()

    # Once the session ends, the same address in the same browser gives nothing.
    [token] = [c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
    engine = make_engine(server.db_url)
    assert sign_out(engine, token)
    engine.dispose()
    reply = page.goto(address)
    assert reply.status == 401
    expect(page.get_by_text(fr("download.sign_in_needed"))).to_be_visible()
