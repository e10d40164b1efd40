"""The edges Streamlit leaves open, closed in front of it (server.py wires all three).

`Edges`, an ASGI middleware around Streamlit and the sign-in routes, refuses a Host this site
does not serve (DNS rebinding), opens the upload endpoint to editors only, hides the metrics,
sends the security headers on every answer, and makes a websocket opened by a page of another origin
anonymous by dropping its cookies. `trust_only_configured_proxies` makes uvicorn believe
X-Forwarded-* headers from `MARSAD_TRUSTED_PROXIES` only, and stop naming itself;
`only_in_development` keeps the browser message that empties every cache to local debugging.
"""

import logging
import sys
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import cookie_parser

from models.limits import EVIDENCE_MAX_BYTES
from security import browser, headers
from services import auth, settings
from services.db import engine

logger = logging.getLogger("marsad.edges")
# Streamlit's upload endpoint keeps files in the server's memory: it is open only to signed-in
# people who may attach evidence (editors of a region, admins), for one declared size at most.
UPLOAD_PATH = "/_stcore/upload_file"
# An evidence file and its multipart envelope; .streamlit/config.toml's maxUploadSize is above.
UPLOAD_MAX_BYTES = EVIDENCE_MAX_BYTES + 64 * 1024
UPLOAD_METHODS = ("PUT", "DELETE")
# Counts of sessions and cache sizes, for nobody outside.
METRICS_PATH = "/_stcore/metrics"
BAD_REQUEST, FORBIDDEN, NOT_FOUND, TOO_LARGE = 400, 403, 404, 413
_SECURITY_HEADERS = [(k.lower().encode(), v.encode()) for k, v in headers.headers().items()]


def refused_path(path: str) -> int | None:
    """The status that refuses a path whoever asks (metrics 404), None if it may pass."""
    if path.rstrip("/") == METRICS_PATH:
        return NOT_FOUND
    return None


def is_upload(path: str) -> bool:
    """Whether a path is Streamlit's upload endpoint."""
    return path == UPLOAD_PATH or path.startswith(UPLOAD_PATH + "/")


def _uploader(scope: dict):
    """The actor behind the request's session cookie, or None (a database read)."""
    cookies = cookie_parser("; ".join(_header(scope, b"cookie")))
    token = cookies.get(browser.SESSION_COOKIE)
    return auth.resolve_session(engine(), token) if token else None


async def upload_refusal(scope: dict) -> int | None:
    """Why an upload request is refused before its body is read (403, 413), None if it may pass."""
    if scope.get("method") not in UPLOAD_METHODS:
        return FORBIDDEN
    if scope["method"] == "PUT":
        sizes = _header(scope, b"content-length")
        if len(sizes) != 1 or not sizes[0].isdigit():
            return FORBIDDEN
        if int(sizes[0]) > UPLOAD_MAX_BYTES:
            return TOO_LARGE
    actor = await run_in_threadpool(_uploader, scope)
    if actor is None or not actor.can_edit_any:
        return FORBIDDEN
    return None


def _header(scope: dict, name: bytes) -> list[str]:
    return [value.decode("latin-1") for key, value in scope["headers"] if key.lower() == name]


def _with_security_headers(sent: list) -> list:
    present = {key.lower() for key, _ in sent}
    return list(sent) + [(k, v) for k, v in _SECURITY_HEADERS if k not in present]


class Edges:
    """ASGI middleware in front of Streamlit and the sign-in routes (see the module)."""

    def __init__(self, app) -> None:
        self.app = app
        self.hosts = settings.allowed_hosts()
        self.origins = settings.allowed_origins()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        hosts = _header(scope, b"host")
        host = hosts[0] if len(hosts) == 1 else None
        status = BAD_REQUEST if not browser.host_allowed(host, self.hosts) else None
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send, host, refused=status is not None)
            return
        status = status or refused_path(scope["path"])
        if status is None and is_upload(scope["path"]):
            status = await upload_refusal(scope)
        if status:
            await _refuse(send, status)
            return

        async def secured(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_security_headers(message.get("headers", []))}
            await send(message)

        await self.app(scope, receive, secured)

    async def _websocket(self, scope, receive, send, host: str | None, *, refused: bool) -> None:
        if refused:
            # Closing before accepting makes the server answer the handshake with 403.
            await send({"type": "websocket.close", "code": 1008})
            return
        origins = _header(scope, b"origin")
        origin = origins[0] if origins else None
        if len(origins) > 1 or not browser.origin_allowed(host, origin, self.origins):
            # The page is not of this site: it may read what anyone may, as nobody.
            scope = {**scope, "headers": [h for h in scope["headers"] if h[0].lower() != b"cookie"]}
        await self.app(scope, receive, send)


async def _refuse(send, status: int) -> None:
    """An empty answer with only a status: no words, no names of what runs behind."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*_SECURITY_HEADERS, (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def _loading_uvicorn_config():
    """The uvicorn Config importing server.py right now, if uvicorn is what imports it.

    Nothing hands the Config to the app, but uvicorn imports it from inside `Config.load()`:
    that Config is the `self` of a caller up the stack.
    """
    uvicorn_config = sys.modules.get("uvicorn.config")
    if uvicorn_config is None:
        return None
    frame = sys._getframe(1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, uvicorn_config.Config) and not candidate.loaded:
            return candidate
        frame = frame.f_back
    return None


def trust_only_configured_proxies() -> bool:
    """Make the uvicorn that serves this app trust forwarded headers from the configured proxies
    only, and send no `server: uvicorn`; False when not under uvicorn (tests, AppTest).

    `streamlit run` builds uvicorn's Config before it imports server.py, with uvicorn's default:
    X-Forwarded-For and -Proto believed from 127.0.0.1 and ::1, so any local process (or a proxy
    nobody configured) could pose as any address. The Config wraps the app in its proxy-headers
    middleware after the import, and the server reads the default headers from it after that,
    so what is set here holds; tests/test_edges.py fails the day uvicorn works otherwise.
    """
    config = _loading_uvicorn_config()
    if config is None:
        return False
    config.forwarded_allow_ips = list(settings.trusted_proxies())
    config.server_header = False
    config.encoded_headers = [h for h in config.encoded_headers if h[0] != b"server"]
    return True


def only_in_development(handler: Callable) -> Callable:
    """`handler` (a Streamlit session's clear-cache handler) run only with MARSAD_ENV=development.

    Any browser, signed in or not, may send the message that empties every user's caches and
    its own session state; in production it is refused, so no one can make every page expensive.
    """

    def guarded(session, *args, **kwargs):
        if settings.development():
            return handler(session, *args, **kwargs)
        logger.warning("refused a request to clear the caches (only MARSAD_ENV=development)")
        return None

    guarded.__wrapped__ = handler
    return guarded
