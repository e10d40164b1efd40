"""A small in-process HTTP client for ASGI apps, with a cookie jar (no extra dependency).

Starlette's TestClient needs the httpx2 package, which the project does not otherwise use; the
sign-in routes only need GET, url-encoded POST, headers and cookies.
"""

import asyncio
import json
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Reply:
    """One HTTP response: status, headers (lower-case names, repeated ones kept) and text."""

    status_code: int
    header_list: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        """The body as UTF-8 text."""
        return self.body.decode("utf-8", "replace")

    @property
    def headers(self) -> dict[str, str]:
        """The last value of each header."""
        return dict(self.header_list)

    def get_list(self, name: str) -> list[str]:
        """Every value of one header."""
        return [value for key, value in self.header_list if key == name]


@dataclass
class Client:
    """Sends requests to an ASGI app as a browser at `base` would, keeping its cookies."""

    app: object
    base: str = "http://testserver"
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, headers: dict | None = None) -> Reply:
        """GET a path (with its query string)."""
        return self.request("GET", path, b"", headers or {})

    def post(self, path: str, data=None, json_body=None, headers: dict | None = None) -> Reply:
        """POST a url-encoded form (`data`) or a JSON body."""
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("content-type", "application/json")
        else:
            body = urlencode(data or {}).encode()
            headers.setdefault("content-type", "application/x-www-form-urlencoded")
        return self.request("POST", path, body, headers)

    def request(self, method: str, path: str, body: bytes, headers: dict) -> Reply:
        """Send one request and store the cookies the answer sets."""
        base = urlsplit(self.base)
        target = urlsplit(path)
        sent = {"host": base.netloc, **{k.lower(): v for k, v in headers.items()}}
        if self.cookies:
            sent["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            sent["content-length"] = str(len(body))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": base.scheme,
            "path": target.path,
            "raw_path": target.path.encode(),
            "query_string": target.query.encode(),
            "root_path": "",
            "headers": [(k.encode(), str(v).encode()) for k, v in sent.items()],
            "client": ("127.0.0.1", 50000),
            "server": (base.hostname, base.port or (443 if base.scheme == "https" else 80)),
        }
        reply = asyncio.run(self._call(scope, body))
        for header in reply.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return reply

    async def _call(self, scope: dict, body: bytes) -> Reply:
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        status, header_list, chunks = 0, [], []

        async def receive():
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                header_list.extend(
                    (k.decode().lower(), v.decode()) for k, v in message.get("headers", [])
                )
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return Reply(status, header_list, b"".join(chunks))
