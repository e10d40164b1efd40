"""The sign-in routes over HTTP (in process, tests/asgi.py): cookies, CSRF, redirects, logout."""

import html
import re
import sqlite3
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from sqlalchemy import event
from starlette.applications import Starlette

from i18n.catalog import translate
from security import browser as security
from services.accounts import create_user, set_active
from services.actors import COMMAND_LINE
from services.auth import resolve_session, token_hash
from services.db import LOCKED, READ_ONLY, UNAVAILABLE, dispose_engines, engine
from tests.asgi import Client, Reply
from tests.helpers import dump
from web import routes
from web.signin_page import CONTENT_SECURITY_POLICY

BASE = "http://testserver"
PASSWORD = "Quartz-Violet-Harbour-1984"


@pytest.fixture
def app_url(seeded_url, monkeypatch):
    """The routes over a private seeded database with one Souss-Massa editor."""
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    create_user(
        engine(),
        actor=COMMAND_LINE,
        username="editor.souss",
        display_name="Éditrice Souss",
        password=PASSWORD,
        role="editor",
        regions=["09"],
    )
    yield seeded_url
    engine().dispose()
    dispose_engines()


def client(base: str = BASE) -> Client:
    return Client(Starlette(routes=routes.routes()), base)


def open_form(web: Client, query: str = "") -> str:
    """GET /signin, returning the CSRF token the form carries (and the cookie holds)."""
    page = web.get(f"/signin{query}")
    assert page.status_code == 200
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert web.cookies.get(security.CSRF_COOKIE) == token
    return token


def post(web: Client, path: str, fields: dict, origin: str | None = BASE, **headers) -> Reply:
    if origin is not None:
        headers["origin"] = origin
    return web.post(path, data=fields, headers=headers)


def set_cookies(response: Reply) -> dict[str, str]:
    """Each Set-Cookie header of a response, by cookie name."""
    found = {}
    for header in response.get_list("set-cookie"):
        name = SimpleCookie(header)
        found[next(iter(name))] = header
    return found


def log(url: str) -> list[tuple]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return connection.execute(
            "SELECT outcome, username FROM signinevent ORDER BY id"
        ).fetchall()


def sign_in(web: Client, username="editor.souss", password=PASSWORD, next_path="/"):
    token = open_form(web)
    fields = {"username": username, "password": password, "csrf": token, "next": next_path}
    return post(web, "/auth/login", fields)


def test_sign_in_page_sets_a_strict_csrf_cookie_and_a_strict_policy(app_url):
    web = client()
    page = web.get("/signin?lang=ar&next=/measures%3Fregion%3D09")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert 'name="next" value="/measures?region=09"' in page.text
    cookie = set_cookies(page)[security.CSRF_COOKIE]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_success_sets_an_httponly_strict_session_cookie_and_stores_only_its_hash(app_url):
    web = client()
    reply = sign_in(web, next_path="/measure?id=3&lang=fr")
    assert reply.status_code == 303
    assert reply.headers["location"] == "/measure?id=3&lang=fr"
    cookies = set_cookies(reply)
    session = cookies[security.SESSION_COOKIE]
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/", "Max-Age=604800"):
        assert attribute in session
    assert "Secure" not in session  # plain http here; see the https test
    token = web.cookies.get(security.SESSION_COOKIE)
    everything = dump(engine())
    assert token not in everything and token_hash(token) in everything
    assert PASSWORD not in everything
    assert resolve_session(engine(), token).username == "editor.souss"
    assert log(app_url)[-1] == ("success", "editor.souss")


def test_signing_in_on_the_arabic_page_goes_on_in_arabic(app_url):
    web = client()
    token = open_form(web)
    fields = {"username": "editor.souss", "password": PASSWORD, "csrf": token, "lang": "ar"}
    for next_path, expected in (
        ("/", "/?lang=ar"),
        ("/measures?region=09", "/measures?region=09&lang=ar"),
        ("/measures?lang=en", "/measures?lang=en"),
    ):
        reply = post(web, "/auth/login", fields | {"next": next_path})
        assert (reply.status_code, reply.headers["location"]) == (303, expected)
        token = open_form(web)
        fields["csrf"] = token


def test_over_https_the_cookies_are_secure(app_url):
    web = client("https://testserver")
    token = open_form(web)
    fields = {"username": "editor.souss", "password": PASSWORD, "csrf": token}
    reply = post(web, "/auth/login", fields, origin="https://testserver")
    assert reply.status_code == 303
    assert "Secure" in set_cookies(reply)[security.SESSION_COOKIE]


def test_the_csrf_token_changes_at_sign_in(app_url):
    web = client()
    before = open_form(web)
    sign_in(web)
    assert web.cookies.get(security.CSRF_COOKIE) not in (None, before)


@pytest.mark.parametrize(
    ("username", "password"), [("editor.souss", "wrong-password"), ("nobody", PASSWORD)]
)
def test_wrong_password_and_unknown_user_get_the_same_answer(app_url, username, password):
    web = client()
    reply = sign_in(web, username=username, password=password, next_path="/measures")
    # The form again, in place: the username kept, the password not, nothing in a URL.
    assert reply.status_code == 401 and "location" not in reply.headers
    assert "Identifiant ou mot de passe incorrect." in reply.text
    assert f'value="{username}"' in reply.text and password not in reply.text
    assert 'name="next" value="/measures"' in reply.text
    # The password field has the focus; the way back keeps the page's language.
    assert re.search(r'id="password"[^>]* autofocus>', reply.text)
    assert re.search(r'id="username"[^>]*autofocus', reply.text) is None
    assert 'href="/measures?lang=fr"' in reply.text
    assert security.SESSION_COOKIE not in set_cookies(reply)
    assert log(app_url)[-1] == ("bad_credentials", username)


def test_a_refused_username_comes_back_escaped(app_url):
    reply = sign_in(client(), username='"><script>x</script>', password="wrong-password")
    assert reply.status_code == 401 and "<script>" not in reply.text


def test_five_failures_lock_the_account(app_url):
    web = client()
    for _ in range(5):
        sign_in(web, password="wrong-password")
    reply = sign_in(web)  # the right password, too late
    assert reply.status_code == 401
    assert html.escape(translate("fr", "error.account_locked")) in reply.text
    assert log(app_url)[-1] == ("locked", "editor.souss")


def test_a_deactivated_account_cannot_sign_in(app_url):
    set_active(engine(), actor=COMMAND_LINE, username="editor.souss", active=False)
    reply = sign_in(client())
    assert reply.status_code == 401
    assert html.escape(translate("fr", "error.account_inactive")) in reply.text


@pytest.mark.parametrize(
    "tamper",
    ["no field", "other token", "no cookie", "foreign origin", "null origin", "no origin"],
)
def test_a_forged_form_is_refused_with_403_and_logged(app_url, tamper):
    web = client()
    token = open_form(web)
    fields = {"username": "editor.souss", "password": PASSWORD, "csrf": token}
    origin = BASE
    if tamper == "no field":
        del fields["csrf"]
    elif tamper == "other token":
        fields["csrf"] = security.new_csrf_token()
    elif tamper == "no cookie":
        web.cookies.clear()
    elif tamper == "foreign origin":
        origin = "http://evil.example"
    elif tamper == "null origin":
        origin = "null"
    elif tamper == "no origin":
        origin = None
    before = dump(engine()).count('INSERT INTO "authsession"')
    reply = post(web, "/auth/login", fields, origin=origin)
    assert reply.status_code == 403
    assert "Formulaire refusé" in reply.text
    assert security.SESSION_COOKIE not in set_cookies(reply)
    assert dump(engine()).count('INSERT INTO "authsession"') == before
    assert log(app_url)[-1] == ("csrf_refused", "editor.souss")


def test_the_referer_stands_in_for_a_missing_origin(app_url):
    web = client()
    token = open_form(web)
    fields = {"username": "editor.souss", "password": PASSWORD, "csrf": token}
    reply = post(web, "/auth/login", fields, origin=None, referer=f"{BASE}/signin")
    assert reply.status_code == 303
    foreign = post(web, "/auth/login", fields, origin=None, referer="http://evil.example/x")
    assert foreign.status_code == 403


def test_only_small_url_encoded_forms_are_read(app_url):
    web = client()
    token = open_form(web)
    as_json = web.post(
        "/auth/login",
        json_body={"username": "editor.souss", "password": PASSWORD, "csrf": token},
        headers={"origin": BASE},
    )
    assert as_json.status_code == 403
    huge = {"username": "editor.souss", "password": "x" * 10_000, "csrf": token}
    assert post(web, "/auth/login", huge).status_code == 403


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/signin?next=/x",
        "/auth/logout",
        "/ménage",
    ],
)
def test_sign_in_never_redirects_off_site(app_url, target):
    reply = sign_in(client(), next_path=target)
    # Home, in the sign-in page's language (French here: no language asked, none accepted).
    assert reply.status_code == 303 and reply.headers["location"] == "/?lang=fr"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/measures?region=09&lang=ar", "/measures?region=09&lang=ar"),
        ("/", "/"),
        ("", "/"),
        (None, "/"),
        ("//evil.example", "/"),
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),  # a path on this site
        ("https:/evil.example", "/"),
        ("/_stcore/health", "/"),
        ("/x" * 1001, "/"),
    ],
)
def test_safe_next(value, expected):
    assert security.safe_next(value) == expected


def test_page_markup_from_the_url_is_escaped(app_url):
    page = client().get('/signin?next=/x"><script>alert(1)</script>&error=<b>boom</b>')
    assert "<script>" not in page.text and "<b>boom" not in page.text


def test_sign_out_revokes_the_session_and_clears_the_cookie(app_url):
    web = client()
    sign_in(web)
    token = web.cookies.get(security.SESSION_COOKIE)
    csrf = web.cookies.get(security.CSRF_COOKIE)
    page = web.get("/signin")
    assert "Éditrice Souss" in page.text and 'action="/auth/logout"' in page.text
    reply = post(web, "/auth/logout", {"csrf": csrf, "next": "/measures?region=09"})
    assert reply.status_code == 303
    assert reply.headers["location"] == "/measures?region=09&signed_out=1"
    cleared = set_cookies(reply)[security.SESSION_COOKIE]
    assert 'marsad_session=""' in cleared and "Max-Age=0" in cleared
    assert resolve_session(engine(), token) is None
    assert log(app_url)[-1] == ("logout", "editor.souss")


def test_a_forged_sign_out_is_refused_and_the_session_lives_on(app_url):
    web = client()
    sign_in(web)
    token = web.cookies.get(security.SESSION_COOKIE)
    reply = post(web, "/auth/logout", {"csrf": "forged"}, origin="http://evil.example")
    assert reply.status_code == 403
    assert resolve_session(engine(), token).username == "editor.souss"
    assert log(app_url)[-1] == ("csrf_refused", "")


# --- When the database fails: a page in the reader's language, status 503 ---------------------


def failure_page(reply: Reply, lang: str, message_id: str) -> str:
    """Check a 503 answer is the failure page in `lang` with `message_id`; return its text."""
    assert reply.status_code == 503
    text = html.unescape(reply.text)
    assert f'<html lang="{lang}"' in text and "Internal Server Error" not in text
    assert translate(lang, "signin.unavailable_title") in text
    assert translate(lang, message_id) in text
    assert reply.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert reply.headers["cache-control"] == "no-store"
    assert security.SESSION_COOKIE not in set_cookies(reply)
    return text


def test_sign_in_page_on_a_file_that_is_not_a_database(app_url):
    dispose_engines()
    path = Path(app_url.removeprefix("sqlite:///"))
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    path.write_bytes(b"not a database" * 500)
    web = client()
    web.cookies[security.SESSION_COOKIE] = "a" * 43  # a cookie makes the page read the database
    page = failure_page(web.get("/signin?lang=ar&next=/measures"), "ar", UNAVAILABLE)
    assert 'dir="rtl"' in page and 'href="/signin?next=%2Fmeasures&lang=ar"' in page


def test_sign_in_on_a_locked_database_answers_in_the_form_language(app_url, monkeypatch):
    monkeypatch.setenv("MARSAD_SQLITE_BUSY_TIMEOUT_MS", "100")
    dispose_engines()
    web = client()
    token = open_form(web)
    fields = {"username": "editor.souss", "password": PASSWORD, "csrf": token, "lang": "en"}
    before = dump(engine())
    holder = sqlite3.connect(app_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        failure_page(post(web, "/auth/login", fields), "en", LOCKED)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dump(engine()) == before
    assert post(web, "/auth/login", fields).status_code == 303  # once released, it works


def test_sign_out_on_a_read_only_database_keeps_the_session(app_url):
    web = client()
    sign_in(web)
    token = web.cookies.get(security.SESSION_COOKIE)
    csrf = web.cookies.get(security.CSRF_COOKIE)
    dispose_engines()
    read_only = engine()
    event.listen(read_only, "connect", lambda dbapi, _: dbapi.execute("PRAGMA query_only=ON"))
    failure_page(post(web, "/auth/logout", {"csrf": csrf}), "fr", READ_ONLY)
    dispose_engines()
    assert resolve_session(engine(), token).username == "editor.souss"
    assert log(app_url)[-1] == ("success", "editor.souss")
