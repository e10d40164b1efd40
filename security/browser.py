"""Cookie names, CSRF tokens, same-origin checks and safe redirect targets (no web framework)."""

import hmac
import secrets
from urllib.parse import urlencode, urlsplit

SESSION_COOKIE = "marsad_session"
CSRF_COOKIE = "marsad_csrf"
SIGN_IN_PATH = "/signin"
LOGIN_PATH = "/auth/login"
LOGOUT_PATH = "/auth/logout"
NEXT_MAX = 2000
# Paths a sign-in must never return to: the auth routes themselves and Streamlit's internals.
_NOT_NEXT = (SIGN_IN_PATH, "/auth/", "/_stcore/", "/oauth2callback", "/media/", "/component/")


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


def sign_in_url(next_path: str = "/", lang: str | None = None, error: str | None = None) -> str:
    """The sign-in page's address, returning to next_path afterwards."""
    query = {"next": safe_next(next_path)}
    if lang:
        query["lang"] = lang
    if error:
        query["error"] = error
    return f"{SIGN_IN_PATH}?{urlencode(query)}"
