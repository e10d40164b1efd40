"""The edges of a real server (server.py under `streamlit run`): security headers, a CSP that
Streamlit and Plotly run under in Chromium, refused uploads, oversized messages, metrics and
rebinding hosts, and forwarded addresses nobody configured."""

import http.client
import re
import socket
import sqlite3
import urllib.request
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from i18n.catalog import translate
from security import headers
from tests.browser.conftest import wait_idle

MB = 1_000_000
# Reported to the page before anything else runs, so no violation goes unseen.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def fetch(server, path: str, method: str = "GET", extra: dict | None = None):
    """One request to the server; (status, lower-case headers, body)."""
    where = urlsplit(server.url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=20)
    try:
        connection.request(method, path, headers=extra or {})
        reply = connection.getresponse()
        found = {name.lower(): value for name, value in reply.getheaders()}
        return reply.status, found, reply.read()
    finally:
        connection.close()


def static_script(server) -> str:
    with urllib.request.urlopen(server.url + "/", timeout=20) as reply:
        page = reply.read().decode()
    return re.search(r'src="\.(/static/js/index\.[^"]+\.js)"', page).group(1)


def assert_secured(found: dict, policy: str = headers.APP_POLICY) -> None:
    assert found["content-security-policy"] == policy
    for name, value in headers.COMMON.items():
        assert found[name.lower()] == value, name
    assert "server" not in found
    assert "uvicorn" not in repr(found).lower()


@pytest.mark.parametrize("path", ["/", "/measures", "/_stcore/health", "/favicon.png", "script"])
def test_the_app_and_its_files_carry_the_security_headers(server, path):
    path = static_script(server) if path == "script" else path
    status, found, _ = fetch(server, path)
    assert status == 200
    assert_secured(found)


def test_the_sign_in_page_carries_them_with_its_own_policy(server):
    status, found, _ = fetch(server, "/signin")
    assert status == 200
    assert "default-src 'none'" in found["content-security-policy"]
    assert_secured(found, found["content-security-policy"])


@pytest.mark.parametrize("path", ["/", "/measures", "/committees", "/signin", "/?lang=ar"])
def test_pages_run_under_the_policy_without_a_violation(page, server, path, tmp_path):
    errors, largest = [], [0]
    page.add_init_script(LISTEN)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda f: largest.append(len(f))),
    )
    page.goto(server.url + path)
    if path != "/signin":
        wait_idle(page)
    if path in ("/", "/?lang=ar"):
        page.wait_for_selector(".js-plotly-plot .ytick text")
        charts = page.locator(".js-plotly-plot").all()
        assert len(charts) >= 4
        assert all(chart.bounding_box()["width"] > 100 for chart in charts)
        page.screenshot(path=str(tmp_path / "charts.png"))
    assert page.evaluate("window.__violations") == []
    assert errors == []
    # The 2 MB websocket limit (.streamlit/config.toml) leaves a wide margin for real pages.
    assert max(largest) < MB / 2


def test_a_chart_still_downloads_as_a_picture(page, server):
    """Plotly draws the PNG through a blob: image: refused by the policy, nothing downloads."""
    page.goto(server.url + "/?lang=fr")
    page.wait_for_selector(".js-plotly-plot .ytick text")
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    # The tool bar speaks the page's language (figures/layout.config).
    download_tool = f'[data-title="{translate("fr", "chart.download_png")}"]'
    with page.expect_download() as download:
        chart.locator(download_tool).click()
    assert download.value.suggested_filename.endswith(".png")


def test_an_anonymous_upload_is_refused_without_reading_it(server):
    where = urlsplit(server.url)
    with socket.create_connection((where.hostname, where.port), timeout=20) as sock:
        sock.sendall(
            b"PUT /_stcore/upload_file/any-session/any-file HTTP/1.1\r\n"
            + f"Host: {where.netloc}\r\nContent-Length: {10 * MB}\r\n".encode()
            + b"Content-Type: multipart/form-data; boundary=x\r\n\r\n"
            + b"x" * 65536
        )
        answer = sock.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 403 ")
    assert "content-length: 0" in answer.lower()


def test_an_oversized_websocket_message_closes_the_connection(server):
    stream = server.url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(stream, subprotocols=["streamlit"], origin=server.url, max_size=None) as ws:
        ws.send(b"\0" * (3 * MB))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=20)
    assert closed.value.rcvd.code == 1009
    assert fetch(server, "/_stcore/health")[0] == 200


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/"])
def test_metrics_are_not_served(server, path):
    status, _, body = fetch(server, path)
    assert status == 404
    assert body == b""


def test_a_rebinding_host_reaches_nothing(server):
    status, _, body = fetch(server, "/", extra={"Host": "attacker.example:80"})
    assert (status, body) == (400, b"")
    where = urlsplit(server.url)
    with (
        socket.create_connection((where.hostname, where.port), timeout=20) as sock,
        pytest.raises(InvalidStatus) as refused,
    ):
        connect("ws://attacker.example/_stcore/stream", sock=sock, subprotocols=["streamlit"])
    assert refused.value.response.status_code == 403


def test_a_forwarded_address_is_not_believed_without_a_configured_proxy(server):
    status, _, _ = fetch(
        server,
        "/auth/login",
        "POST",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": "6.6.6.6",
            "X-Forwarded-Proto": "https",
        },
    )
    assert status == 403  # no CSRF token: refused, and logged with the client's address
    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as database:
        addresses = {row[0] for row in database.execute("SELECT ip FROM signinevent")}
    assert "127.0.0.1" in addresses
    assert "6.6.6.6" not in addresses
