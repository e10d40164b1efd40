"""GET /export/…csv: the measure list and the audit tables as files, for the session that asks.

Streamlit's download buttons serve their files at `/media/…` addresses that work for anyone
holding the link, for minutes after the session ends. These routes instead resolve the session
cookie on every request and apply the page's own rights: the audit tables need a signed-in
account with the right to audit (services.audit.scope), the measure list needs one only when
MARSAD_REQUIRE_LOGIN is on. A request another site starts is refused, and nothing is cached.
"""

import logging
from html import escape
from urllib.parse import urlencode

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from exports import audit_csv, download_urls
from exports.download_urls import MEASURES, PATHS
from exports.measures_csv import file_name, measures_csv
from i18n.catalog import resolve_language, translate
from i18n.direction import direction
from security import browser
from security.headers import headers
from services import audit, auth, measures, settings, territory
from services.db import classify, engine, read_session
from services.errors import DatabaseUnavailable, NotAllowed
from web.signin_page import HEADERS

CSV_TYPE = "text/csv; charset=utf-8"
# A file, never a page: nothing in it may run or load, and nothing keeps a copy.
CSV_HEADERS = headers("default-src 'none'; frame-ancestors 'none'; sandbox") | {
    "Cache-Control": "no-store"
}
# Sec-Fetch-Site of a link followed on this site's own pages, or of an address typed or
# bookmarked; "same-site" is another port or subdomain of this host, which is another origin.
OWN_FETCH_SITES = ("same-origin", "none")
# The page each download is offered on, where a refusal leads back to.
PAGES = {MEASURES: "/measures", audit_csv.CHANGES: "/audit", audit_csv.SIGN_INS: "/audit"}
logger = logging.getLogger("marsad.security")


class Refused(Exception):
    """A download refused with an HTTP status and the message saying why."""

    def __init__(self, status: int, message_id: str):
        super().__init__(message_id)
        self.status, self.message_id = status, message_id


def from_this_site(request: Request) -> bool:
    sent = request.headers
    fetch_site = sent.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in OWN_FETCH_SITES
    if sent.get("origin") or sent.get("referer"):
        return browser.same_origin(sent.get("host"), sent.get("origin"), sent.get("referer"))
    # Neither header (an old browser, a privacy setting, a script with the cookie): a GET that
    # changes nothing, whose answer another site cannot read; the session decides.
    return True


def refusal_html(lang: str, title_id: str, message_id: str, back: str, sign_in: bool) -> str:
    title = translate(lang, title_id)
    if sign_in:
        link, text = browser.sign_in_url(back, lang), translate(lang, "auth.sign_in")
    else:
        link, text = browser.safe_next(back), translate(lang, "signin.back")
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
        f'<p role="alert">{escape(translate(lang, message_id))}</p>'
        f'<p><a href="{escape(link)}">{escape(text)}</a></p></main></body></html>'
    )


def _measures(pairs, lang: str, variant: str, token: str | None) -> tuple[bytes, str]:
    flt = download_urls.measure_filter(pairs)
    if settings.login_required() and auth.resolve_session(engine(), token) is None:
        raise Refused(401, "download.sign_in_needed")
    today = settings.today()
    with read_session(engine()) as session:
        frame = measures.export_measures(session, flt, today)
    return measures_csv(frame, lang, variant), file_name(flt.region, today)


def _audit(kind: str, pairs, lang: str, variant: str, token: str | None) -> tuple[bytes, str]:
    flt = download_urls.audit_filter(pairs)
    actor = auth.resolve_session(engine(), token)
    if actor is None:
        raise Refused(401, "download.sign_in_needed")
    try:
        with read_session(engine()) as session:
            found = audit.audit_trail(session, actor=actor, flt=flt)
            regions = audit_csv.region_names(territory.regions(session), lang)
    except NotAllowed as refused:
        raise Refused(403, "download.not_allowed") from refused
    if kind == audit_csv.CHANGES:
        shown = audit_csv.change_rows(found.changes, lang, regions)
    else:
        shown = audit_csv.sign_in_rows(found.sign_ins, lang)
    content = audit_csv.audit_csv(kind, shown, lang, variant)
    return content, audit_csv.file_name(kind, flt.region, settings.today())


def _build(kind: str, pairs, lang: str, variant: str, token: str | None) -> tuple[bytes, str]:
    """The file's bytes and name, or Refused / BadQuery; runs outside the event loop."""
    if kind == MEASURES:
        return _measures(pairs, lang, variant, token)
    return _audit(kind, pairs, lang, variant, token)


async def _answer(request: Request, kind: str) -> Response:
    pairs = request.query_params.multi_items()
    lang = resolve_language(download_urls.language(pairs), request.headers.get("accept-language"))
    back = f"{PAGES[kind]}?{urlencode({'lang': lang})}"
    title_id, refusal = "download.refused_title", None
    try:
        if not from_this_site(request):
            logger.warning("refused a download of %s started by another site", PATHS[kind])
            raise Refused(403, "download.cross_site")
        variant = download_urls.variant(pairs)
        token = request.cookies.get(browser.SESSION_COOKIE)
        content, name = await run_in_threadpool(_build, kind, pairs, lang, variant, token)
    except download_urls.BadQuery:
        refusal = Refused(400, "download.bad_request")
    except Refused as refused:
        refusal = refused
    except (DatabaseUnavailable, SQLAlchemyError) as failure:
        if not isinstance(failure, DatabaseUnavailable):
            logger.exception("database error outside a service scope")
        title_id, refusal = "signin.unavailable_title", Refused(503, classify(failure))
    if refusal is not None:
        page = refusal_html(lang, title_id, refusal.message_id, back, refusal.status == 401)
        return HTMLResponse(page, status_code=refusal.status, headers=HEADERS)
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=CSV_TYPE, headers={**CSV_HEADERS, **disposition})


def _endpoint(kind: str):
    async def download(request: Request) -> Response:
        return await _answer(request, kind)

    return download


def routes() -> list[Route]:
    """The download routes, added to web.routes.routes()."""
    return [Route(path, _endpoint(kind), methods=["GET"]) for kind, path in PATHS.items()]
