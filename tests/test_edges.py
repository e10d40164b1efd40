"""The edges in front of Streamlit (web/edges.py), in process: hosts, origins, refused paths,
security headers, uvicorn's trust in forwarded headers, and the clear-cache message."""

import asyncio
import base64
import hashlib
import importlib
import re
import sys
from pathlib import Path

import pytest
import streamlit
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.state import SessionState
from streamlit.web.server.starlette import starlette_routes

from security import headers
from security.browser import host_allowed, origin_allowed
from services import settings
from services.db import dispose_engines
from tests.asgi import Client
from web import edges, routes
from web.signin_page import CONTENT_SECURITY_POLICY

LOCAL = settings.LOCAL_HOSTS
SITE = "http://127.0.0.1:8501"


@pytest.mark.parametrize(
    ("host", "allowed", "expected"),
    [
        ("127.0.0.1:8501", LOCAL, True),
        ("localhost", LOCAL, True),
        ("LOCALHOST.:9000", LOCAL, True),
        ("[::1]:8501", LOCAL, True),
        ("evil.example", LOCAL, False),
        ("127.0.0.1.evil.example:8501", LOCAL, False),
        ("10.1.2.3:8501", LOCAL, False),
        ("10.1.2.3:8501", (*LOCAL, "10.1.2.3"), True),
        ("marsad.example.ma", (*LOCAL, "marsad.example.ma:443"), False),
        ("marsad.example.ma:443", (*LOCAL, "marsad.example.ma:443"), True),
        ("marsad.example.ma:8443", (*LOCAL, "marsad.example.ma:443"), False),
        (None, LOCAL, False),
        ("", LOCAL, False),
        ("127.0.0.1:port", LOCAL, False),
        ("127.0.0.1:80:80", LOCAL, False),
        ("user@127.0.0.1", LOCAL, False),
        ("127.0.0.1/x", LOCAL, False),
        ("[::1", LOCAL, False),
    ],
)
def test_only_the_hosts_served_are_allowed(host, allowed, expected):
    assert host_allowed(host, allowed) is expected


@pytest.mark.parametrize(
    ("origin", "allowed", "expected"),
    [
        (SITE, (), True),
        ("HTTP://127.0.0.1:8501", (), True),
        (None, (), True),  # no Origin: not a browser page
        ("http://127.0.0.1:9999", (), False),  # another port of the same host
        ("http://localhost:8501", (), False),
        ("https://evil.example", (), False),
        ("null", (), False),
        ("", (), False),
        ("http://[::1", (), False),
        ("ws://127.0.0.1:8501", (), False),
        ("http://127.0.0.1:8501/path", (), False),
        ("http://x@127.0.0.1:8501", (), False),
        ("https://portal.example.ma", ("https://portal.example.ma/",), True),
        ("http://portal.example.ma", ("https://portal.example.ma",), False),
    ],
)
def test_an_origin_is_this_site_or_an_allowed_one(origin, allowed, expected):
    assert origin_allowed("127.0.0.1:8501", origin, allowed) is expected


def test_the_lists_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("MARSAD_ALLOWED_HOSTS", " marsad.example.ma, ,10.1.2.3:8501 ")
    monkeypatch.setenv("MARSAD_TRUSTED_PROXIES", "10.0.0.1,10.8.0.0/16")
    assert settings.allowed_hosts() == (*LOCAL, "marsad.example.ma", "10.1.2.3:8501")
    assert settings.trusted_proxies() == ("10.0.0.1", "10.8.0.0/16")
    monkeypatch.delenv("MARSAD_ALLOWED_HOSTS")
    monkeypatch.delenv("MARSAD_TRUSTED_PROXIES")
    assert settings.allowed_hosts() == LOCAL
    assert settings.trusted_proxies() == ()


# The middleware around a stand-in for Streamlit: routes that would do harm if reached.


async def _page(_request):
    return HTMLResponse("<p>page</p>")


async def _own_policy(_request):
    return HTMLResponse("<p>own</p>", headers={"Content-Security-Policy": "default-src 'none'"})


async def _stored(request):
    await request.body()
    return PlainTextResponse("stored")


async def _stream(websocket):
    await websocket.accept()
    await websocket.send_text(websocket.headers.get("cookie", "<none>"))
    await websocket.close()


def stand_in() -> edges.Edges:
    upload = "/_stcore/upload_file/{session}/{file}"
    return edges.Edges(
        Starlette(
            routes=[
                Route("/", _page),
                Route("/own", _own_policy),
                Route(upload, _stored, methods=["GET", "PUT", "POST", "DELETE"]),
                Route("/_stcore/metrics", _page),
                WebSocketRoute("/_stcore/stream", _stream),
            ]
        )
    )


def call(app, scope: dict, incoming: list[dict]) -> tuple[list[dict], int]:
    """Run one ASGI connection; the messages sent back, and how often it read the request."""
    sent, reads = [], 0
    base = {"asgi": {"version": "3.0"}, "query_string": b"", "root_path": "", "client": ("1", 1)}

    async def receive():
        nonlocal reads
        reads += 1
        return incoming.pop(0) if incoming else {"type": "websocket.disconnect", "code": 1000}

    async def send(message):
        sent.append(message)

    asyncio.run(app({**base, **scope}, receive, send))
    return sent, reads


def handshake(app, **sent_headers) -> list[dict]:
    scope = {
        "type": "websocket",
        "path": "/_stcore/stream",
        "raw_path": b"/_stcore/stream",
        "scheme": "ws",
        "subprotocols": [],
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in sent_headers.items()],
    }
    return call(app, scope, [{"type": "websocket.connect"}])[0]


def test_every_answer_carries_the_security_headers():
    reply = Client(stand_in(), SITE).get("/")
    assert reply.status_code == 200
    for name, value in headers.headers().items():
        assert reply.get_list(name.lower()) == [value]
    assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]


def test_an_answer_with_its_own_policy_keeps_it():
    reply = Client(stand_in(), SITE).get("/own")
    assert reply.get_list("content-security-policy") == ["default-src 'none'"]
    assert reply.headers["x-frame-options"] == "DENY"


def test_the_sign_in_page_keeps_its_stricter_policy_and_gets_the_rest(seeded_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    try:
        reply = Client(edges.Edges(Starlette(routes=routes.routes())), SITE).get("/signin")
    finally:
        dispose_engines()
    assert reply.status_code == 200
    assert reply.get_list("content-security-policy") == [CONTENT_SECURITY_POLICY]
    for name, value in headers.COMMON.items():
        assert reply.get_list(name.lower()) == [value]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8501", "127.0.0.1.nip.io:8501"])
def test_a_rebinding_host_is_refused(host):
    reply = Client(stand_in(), f"http://{host}").get("/")
    assert reply.status_code == 400
    assert reply.text == ""


def test_a_served_host_from_the_environment_is_accepted(monkeypatch):
    monkeypatch.setenv("MARSAD_ALLOWED_HOSTS", "marsad.example.ma")
    assert Client(stand_in(), "https://marsad.example.ma").get("/").status_code == 200


def test_a_request_with_two_hosts_is_refused():
    app = stand_in()
    scope = {"type": "http", "method": "GET", "path": "/", "raw_path": b"/", "http_version": "1.1"}
    scope["headers"] = [(b"host", b"127.0.0.1:8501"), (b"host", b"evil.example")]
    sent, _ = call(app, scope, [{"type": "http.request", "body": b""}])
    assert sent[0]["status"] == 400


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "GET"])
def test_uploads_are_refused_before_the_body_is_read(method):
    path = "/_stcore/upload_file/some-session/some-file"
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode()}
    scope |= {"http_version": "1.1", "headers": [(b"host", b"127.0.0.1:8501")]}
    body = {"type": "http.request", "body": b"x" * 1_000_000, "more_body": False}
    sent, reads = call(stand_in(), scope, [body])
    assert sent[0]["status"] == 403
    assert reads == 0
    assert sent[1]["body"] == b""


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/"])
def test_metrics_are_hidden(path):
    assert Client(stand_in(), SITE).get(path).status_code == 404


def test_the_refused_paths_are_streamlits():
    assert edges.UPLOAD_PATH == "/" + starlette_routes.BASE_ROUTE_UPLOAD_FILE
    assert edges.METRICS_PATH == "/" + starlette_routes.ROUTE_METRICS
    assert edges.refused_path("/_stcore/upload_files") is None
    assert edges.refused_path("/_stcore/health") is None


def test_the_inline_script_hash_is_that_of_streamlits_page():
    index = Path(streamlit.__file__).parent / "static" / "index.html"
    scripts = re.findall(r"<script>(.*?)</script>", index.read_text(encoding="utf-8"), re.S)
    digests = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert {f"'sha256-{d}'" for d in digests} == {headers.STREAMLIT_INLINE_SCRIPT}


def test_a_websocket_from_this_site_keeps_its_cookie():
    sent = handshake(stand_in(), host="127.0.0.1:8501", origin=SITE, cookie="marsad_session=t")
    assert sent[0]["type"] == "websocket.accept"
    assert sent[1]["text"] == "marsad_session=t"


@pytest.mark.parametrize(
    "origin", ["http://127.0.0.1:9999", "http://localhost:8501", "null", "https://evil.example"]
)
def test_a_websocket_from_another_origin_is_anonymous(origin):
    sent = handshake(stand_in(), host="127.0.0.1:8501", origin=origin, cookie="marsad_session=t")
    assert sent[0]["type"] == "websocket.accept"
    assert sent[1]["text"] == "<none>"


def test_a_websocket_without_origin_keeps_the_cookie_it_was_given():
    sent = handshake(stand_in(), host="127.0.0.1:8501", cookie="marsad_session=t")
    assert sent[1]["text"] == "marsad_session=t"


def test_an_allowed_origin_keeps_its_cookie(monkeypatch):
    monkeypatch.setenv("MARSAD_ALLOWED_ORIGINS", "https://portal.example.ma")
    sent = handshake(
        stand_in(), host="127.0.0.1:8501", origin="https://portal.example.ma", cookie="a=b"
    )
    assert sent[1]["text"] == "a=b"


def test_a_websocket_to_a_rebinding_host_is_closed_before_it_opens():
    sent = handshake(stand_in(), host="evil.example:8501", origin="http://evil.example:8501")
    assert sent == [{"type": "websocket.close", "code": 1008}]


# uvicorn, as `streamlit run` starts it: its Config exists before server.py is imported.

PROBE = """
from web.edges import trust_only_configured_proxies

applied = {call}
seen = []


async def app(scope, receive, send):
    seen.append((scope["client"][0], scope["scheme"]))
"""


def load_probe(tmp_path, monkeypatch, name: str, call: str):
    """A uvicorn Config loading a module that (maybe) calls trust_only_configured_proxies."""
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    (tmp_path / f"{name}.py").write_text(PROBE.format(call=call), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    config = uvicorn.Config(f"{name}:app", lifespan="off")
    config.load()
    module = sys.modules.pop(name)
    forwarded = [(b"x-forwarded-for", b"6.6.6.6"), (b"x-forwarded-proto", b"https")]
    scope = {"type": "http", "client": ("127.0.0.1", 50000), "scheme": "http"}
    asyncio.run(config.loaded_app({**scope, "headers": forwarded}, None, None))
    return config, module


def test_uvicorn_alone_believes_forwarded_headers_from_this_machine(tmp_path, monkeypatch):
    _config, probe = load_probe(tmp_path, monkeypatch, "edges_probe_default", "None")
    assert probe.seen == [("6.6.6.6", "https")]


def test_without_trusted_proxies_forwarded_headers_are_ignored(tmp_path, monkeypatch):
    monkeypatch.delenv("MARSAD_TRUSTED_PROXIES", raising=False)
    config, probe = load_probe(
        tmp_path, monkeypatch, "edges_probe_none", "trust_only_configured_proxies()"
    )
    assert probe.applied is True
    assert probe.seen == [("127.0.0.1", "http")]
    assert b"server" not in dict(config.encoded_headers)


def test_a_configured_proxy_is_believed(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_TRUSTED_PROXIES", "127.0.0.1")
    _config, probe = load_probe(
        tmp_path, monkeypatch, "edges_probe_proxy", "trust_only_configured_proxies()"
    )
    assert probe.seen == [("6.6.6.6", "https")]


def test_outside_uvicorn_nothing_is_changed():
    assert edges.trust_only_configured_proxies() is False


# The clear-cache message, through the handler server.py installs.


@pytest.fixture
def served(seeded_url, monkeypatch):
    """server.py imported (as uvicorn would) over a seeded database."""
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    monkeypatch.delenv("MARSAD_ENV", raising=False)
    importlib.import_module("server")
    yield
    streamlit.cache_data.clear()
    dispose_engines()


def test_a_clear_cache_message_clears_nothing_outside_development(served, monkeypatch):
    runs = []

    @streamlit.cache_data
    def cached(value: int) -> int:
        runs.append(value)
        return value

    session = object.__new__(AppSession)  # only what the clear-cache handler touches
    session._state = AppSessionState.SHUTDOWN_REQUESTED
    session._session_state = SessionState()
    session._session_state["kept"] = "yes"
    cached(1)
    AppSession.handle_backmsg(session, BackMsg(clear_cache=True))
    cached(1)
    assert runs == [1]
    assert session._session_state["kept"] == "yes"

    monkeypatch.setenv("MARSAD_ENV", "development")
    AppSession.handle_backmsg(session, BackMsg(clear_cache=True))
    cached(1)
    assert runs == [1, 1]
    assert "kept" not in session._session_state


def test_the_document_language_script_is_allowed_by_its_hash():
    script = headers.DOCUMENT_LANGUAGE_SCRIPT
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == headers.DOCUMENT_LANGUAGE_HASH
    assert headers.DOCUMENT_LANGUAGE_HASH in headers.APP_POLICY
