"""Cookie names, CSRF tokens, origin and host checks and safe redirect targets (no framework)."""

import hmac
import re
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SESSION_COOKIE = "marsad_session"
CSRF_COOKIE = "marsad_csrf"
SIGN_IN_PATH = "/signin"
LOGIN_PATH = "/auth/login"
LOGOUT_PATH = "/auth/logout"
NEXT_MAX = 2000
SIGNED_OUT = "signed_out"  # the URL mark of a page opened right after signing out
# Paths a sign-in must never return to: the auth routes themselves and Streamlit's internals.
_NOT_NEXT = (SIGN_IN_PATH, "/auth/", "/_stcore/", "/oauth2callback", "/media/", "/component/")
_HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")
_HOST_IPV6 = re.compile(r"\[[0-9a-f:.]{2,45}\]")


def new_csrf_token() -> str:
    """A fresh random token for the double-submit CSRF cookie."""
    return secrets.token_urlsafe(32)


def csrf_matches(cookie: object, submitted: object) -> bool:
    """Whether the form echoed the CSRF cookie (both present, compared in constant time)."""
    if not isinstance(cookie, str) or not isinstance(submitted, str) or not cookie:
        return False
    return hmac.compare_digest(cookie.encode(), submitted.encode())


def same_origin(host: str | None, origin: str | None, referer: str | None) -> bool:
    """Whether a request comes from a page of this site: its Origin (else Referer) names Host."""
    source = origin or referer
    if not host or not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()


def origin_allowed(host: str | None, origin: str | None, allowed: tuple[str, ...] = ()) -> bool:
    """Whether a page of `origin` may act with this site's cookies: it is this site (its
    host and port are the request's Host) or one of the `allowed` origins. No Origin at all
    means no browser page is involved (a browser always sends it on a websocket handshake)."""
    if origin is None:
        return True
    try:
        parts = urlsplit(origin.strip())
    except ValueError:  # such as an unclosed IPv6 bracket
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        return False
    if parts.query or parts.fragment or "@" in parts.netloc:
        return False
    netloc = parts.netloc.lower()
    if host and netloc == host.strip().lower():
        return True
    return f"{parts.scheme}://{netloc}" in {a.strip().rstrip("/").lower() for a in allowed}


def _host_and_port(value: str) -> tuple[str, str] | None:
    """A Host header's name (brackets kept around IPv6) and port ("" if none); None if malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        name, closed, port = value.partition("]")
        name += closed
        if not _HOST_IPV6.fullmatch(name) or (port and not port.startswith(":")):
            return None
        port = port[1:]
    else:
        name, _, port = value.partition(":")
        name = name.removesuffix(".")
        if not _HOST_NAME.fullmatch(name):
            return None
    if port and not (port.isascii() and port.isdigit() and len(port) <= 5):
        return None
    return name, port


def host_allowed(host: str | None, allowed: tuple[str, ...]) -> bool:
    """Whether a Host header names this site: an `allowed` name on any port, or name:port."""
    if not host:
        return False
    asked = _host_and_port(host)
    if asked is None:
        return False
    for entry in allowed:
        wanted = _host_and_port(entry)
        if wanted and wanted[0] == asked[0] and wanted[1] in ("", asked[1]):
            return True
    return False


def safe_next(value: object) -> str:
    """A place to return to after signing in or out: a local path of this site, else "/"."""
    if not isinstance(value, str) or not value or len(value) > NEXT_MAX:
        return "/"
    # Backslashes and control characters are what browsers "repair" into other hosts.
    if not value.isascii() or "\\" in value or any(ord(c) < 0x21 or ord(c) == 0x7F for c in value):
        return "/"
    if not value.startswith("/") or value.startswith("//"):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.startswith(_NOT_NEXT):
        return "/"
    return value


def in_language(path: str, lang: str) -> str:
    """A local path that names a language: the one it names already, else `lang` (a person
    who signed in on the Arabic sign-in page goes on in Arabic)."""
    parts = urlsplit(path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(name == "lang" for name, _ in query):
        return path
    return urlunsplit(parts._replace(query=urlencode([*query, ("lang", lang)])))


def signed_out(path: str) -> str:
    """A local path marked so the page it opens confirms that the person signed out."""
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != SIGNED_OUT]
    return urlunsplit(parts._replace(query=urlencode([*query, (SIGNED_OUT, "1")])))


def sign_in_url(next_path: str = "/", lang: str | None = None, error: str | None = None) -> str:
    """The sign-in page's address, returning to next_path afterwards."""
    query = {"next": safe_next(next_path)}
    if lang:
        query["lang"] = lang
    if error:
        query["error"] = error
    return f"{SIGN_IN_PATH}?{urlencode(query)}"
