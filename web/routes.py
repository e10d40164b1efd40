"""Starlette routes: GET /signin (the form), POST /auth/login and POST /auth/logout.

Streamlit's own single sign-on routes answer GET /auth/login and GET /auth/logout; these answer
POST only, so both live side by side. When the database fails, each answers 503 with a page
in the reader's language saying what happened and what to do.
"""

import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from urllib.parse import parse_qs

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from i18n.catalog import resolve_language
from models.people import SignInOutcome
from security import browser
from services import auth, sessions
from services.db import classify, engine
from services.errors import DatabaseUnavailable
from web import downloads, evidence
from web.signin_page import HEADERS, refused_html, sign_in_html, unavailable_html

FORM_MAX = 4096  # bytes: a username, a password up to 256 characters, a token and a path
FORM_TYPE = "application/x-www-form-urlencoded"
SESSION_MAX_AGE = int(auth.ABSOLUTE_TIMEOUT.total_seconds())
logger = logging.getLogger("marsad.database")


def _lang(request: Request, value: object = None) -> str:
    asked = value if isinstance(value, str) else request.query_params.get("lang")
    return resolve_language(asked, request.headers.get("accept-language"))


def _client(request: Request) -> dict:
    return {
        "ip": request.client.host if request.client else None,
        "user_agent": request.headers.get("user-agent"),
    }


def _set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=SESSION_MAX_AGE,
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


async def _form(request: Request) -> dict[str, str] | None:
    """The posted fields (first value of each); None unless a small url-encoded form."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_MAX:
            return None
    fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=8)
    return {name: values[0] for name, values in fields.items()}


async def _checked_form(request: Request) -> tuple[dict[str, str] | None, Response | None]:
    """The form if it passes the CSRF checks; else a 403 answer, the refusal being logged."""
    try:
        form = await _form(request)
    except ValueError:  # more fields than allowed
        form = None
    # The body can be read once: a failure page (database_failures) finds the form here.
    request.state.fields = fields = form or {}
    headers = request.headers
    if (
        form is not None
        and browser.same_origin(headers.get("host"), headers.get("origin"), headers.get("referer"))
        and browser.csrf_matches(request.cookies.get(browser.CSRF_COOKIE), form.get("csrf"))
    ):
        return form, None
    await run_in_threadpool(
        auth.record_event,
        engine(),
        outcome=SignInOutcome.CSRF_REFUSED,
        username=fields.get("username", ""),
        **_client(request),
    )
    next_path = browser.safe_next(fields.get("next"))
    page = refused_html(_lang(request, fields.get("lang")), next_path)
    return None, HTMLResponse(page, status_code=403, headers=HEADERS)


def database_failures(
    handler: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """The route, answering 503 with the translated reason when the database fails."""

    @wraps(handler)
    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except (DatabaseUnavailable, SQLAlchemyError) as failure:
            if not isinstance(failure, DatabaseUnavailable):
                # Escaped the transaction scopes of services.db, so it may be a bug.
                logger.exception("database error outside a service scope")
            fields = getattr(request.state, "fields", None) or request.query_params
            lang = _lang(request, fields.get("lang"))
            next_path = browser.safe_next(fields.get("next"))
            page = unavailable_html(lang, classify(failure), next_path)
            return HTMLResponse(page, status_code=503, headers=HEADERS)

    return answer


@database_failures
async def sign_in_page(request: Request) -> Response:
    """GET /signin: the form, with a CSRF token in a cookie and in a hidden field."""
    token = request.cookies.get(browser.CSRF_COOKIE) or ""
    if len(token) < 32 or len(token) > 64:
        token = browser.new_csrf_token()
    actor = await run_in_threadpool(
        auth.resolve_session, engine(), request.cookies.get(browser.SESSION_COOKIE)
    )
    page = sign_in_html(
        _lang(request),
        token,
        browser.safe_next(request.query_params.get("next")),
        request.query_params.get("error"),
        actor.display_name if actor else None,
    )
    response = HTMLResponse(page, headers=HEADERS)
    _set_cookie(response, request, browser.CSRF_COOKIE, token)
    return response


@database_failures
async def login(request: Request) -> Response:
    """POST /auth/login: sign in, set the session cookie and go back where the user was."""
    form, refusal = await _checked_form(request)
    if refusal:
        return refusal
    lang = _lang(request, form.get("lang"))
    next_path = browser.safe_next(form.get("next"))
    try:
        token, _actor = await run_in_threadpool(
            auth.sign_in,
            engine(),
            username=form.get("username", ""),
            password=form.get("password", ""),
            **_client(request),
        )
    except auth.SignInRefused as refused:
        # The form again, in place (nothing typed goes in a URL), with the username kept.
        page = sign_in_html(
            lang,
            form.get("csrf", ""),
            next_path,
            refused.code.removeprefix("error."),
            None,
            username=form.get("username", ""),
        )
        return HTMLResponse(page, status_code=401, headers=HEADERS | {"Cache-Control": "no-store"})
    # The session this browser held before (perhaps planted, perhaps another person's) ends.
    await run_in_threadpool(auth.sign_out, engine(), request.cookies.get(browser.SESSION_COOKIE))
    response = RedirectResponse(
        browser.in_language(next_path, lang),
        status_code=303,
        headers={"Cache-Control": "no-store"},
    )
    _set_cookie(response, request, browser.SESSION_COOKIE, token)
    # A new CSRF token with the new session, so a token planted before sign-in is worthless.
    _set_cookie(response, request, browser.CSRF_COOKIE, browser.new_csrf_token())
    return response


@database_failures
async def logout(request: Request) -> Response:
    """POST /auth/logout: revoke the session (or, with everywhere=1, all the person's sessions),
    clear its cookie and start a new CSRF token."""
    form, refusal = await _checked_form(request)
    if refusal:
        return refusal
    token = request.cookies.get(browser.SESSION_COOKIE)
    end = sessions.end_all_sessions if form.get("everywhere") == "1" else auth.sign_out
    await run_in_threadpool(end, engine(), token)
    response = RedirectResponse(
        browser.signed_out(browser.safe_next(form.get("next"))),
        status_code=303,
        headers={"Cache-Control": "no-store"},
    )
    response.delete_cookie(
        browser.SESSION_COOKIE,
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    _set_cookie(response, request, browser.CSRF_COOKIE, browser.new_csrf_token())
    return response


def routes() -> list[Route]:
    """The routes server.py adds beside Streamlit's."""
    return [
        Route(browser.SIGN_IN_PATH, sign_in_page, methods=["GET"]),
        Route(browser.LOGIN_PATH, login, methods=["POST"]),
        Route(browser.LOGOUT_PATH, logout, methods=["POST"]),
        *downloads.routes(),
        *evidence.routes(),
    ]
