"""GET /evidence/{id}: one evidence file, for a signed-in account only.

Minutes and deliberations carry personal data. The session cookie is resolved on every request
(it is HttpOnly and SameSite=Strict, so a copied link opened elsewhere arrives without it), a
request another site starts is refused, and the file is sent as an attachment nothing may run
in, never cached.
"""

import logging
from urllib.parse import quote, urlencode

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from exports.download_urls import EVIDENCE_ROUTE
from i18n.catalog import resolve_language
from security import browser
from security.headers import headers
from services import auth, evidence
from services.db import classify, engine, read_session
from services.errors import DatabaseUnavailable, NotAllowed, NotFound
from web.downloads import Refused, from_this_site, refusal_html
from web.signin_page import HEADERS

FILE_HEADERS = headers("default-src 'none'; frame-ancestors 'none'; sandbox") | {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
logger = logging.getLogger("marsad.security")
ID_MAX = 2**31 - 1  # the largest id a table holds; a longer number is no file's


def _read(evidence_id: int, token: str | None) -> evidence.EvidenceContent:
    actor = auth.resolve_session(engine(), token)
    if actor is None:
        raise Refused(401, "evidence.sign_in_needed")
    if not 0 < evidence_id <= ID_MAX:
        raise Refused(404, "evidence.not_found")
    try:
        with read_session(engine()) as session:
            return evidence.open_evidence(session, actor, evidence_id)
    except NotFound as missing:
        raise Refused(404, "evidence.not_found") from missing
    except NotAllowed as refused:
        raise Refused(403, "download.not_allowed") from refused


def _disposition(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "") or "evidence"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


async def evidence_file(request: Request) -> Response:
    """Send one evidence file, or a page in the reader's language saying why not."""
    lang = resolve_language(
        request.query_params.get("lang"), request.headers.get("accept-language")
    )
    title_id, refusal = "download.refused_title", None
    try:
        if not from_this_site(request):
            logger.warning("refused an evidence file requested by another site")
            raise Refused(403, "download.cross_site")
        token = request.cookies.get(browser.SESSION_COOKIE)
        found = await run_in_threadpool(_read, request.path_params["evidence_id"], token)
    except Refused as refused:
        refusal = refused
    except (DatabaseUnavailable, SQLAlchemyError) as failure:
        if not isinstance(failure, DatabaseUnavailable):
            logger.exception("database error outside a service scope")
        title_id, refusal = "signin.unavailable_title", Refused(503, classify(failure))
    if refusal is not None:
        back = f"/?{urlencode({'lang': lang})}"
        page = refusal_html(lang, title_id, refusal.message_id, back, refusal.status == 401)
        return HTMLResponse(page, status_code=refusal.status, headers=HEADERS)
    disposition = {"Content-Disposition": _disposition(found.file_name)}
    return Response(
        found.content, media_type=found.content_type, headers=FILE_HEADERS | disposition
    )


def routes() -> list[Route]:
    """The evidence route, added to web.routes.routes()."""
    return [Route(EVIDENCE_ROUTE, evidence_file, methods=["GET"])]
