"""CSV downloads over HTTP (tests/asgi.py): the session cookie, the page's rights, same origin.

The audit tables and (with MARSAD_REQUIRE_LOGIN=1) the measure list are given only to a live
session with the page's rights; a request started by another site is refused; the pages link
to these routes and offer no Streamlit download button (whose /media/ files are bearer links).
"""

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from starlette.applications import Starlette

from exports import download_urls
from exports.audit_csv import CHANGES, SIGN_INS, audit_csv, change_rows, region_names
from exports.download_urls import MEASURES, PATHS, BadQuery, download_url
from exports.measures_csv import measures_csv
from exports.table_csv import COMMA, SEMICOLON
from i18n.catalog import label, translate
from security.browser import SESSION_COOKIE
from services import territory
from services.accounts import create_user
from services.actors import COMMAND_LINE
from services.audit import AUDIT_PAGE, AuditFilter, audit_trail
from services.auth import resolve_session, sign_in, sign_out
from services.db import UNAVAILABLE, dispose_engines, engine, read_session
from services.filters import MeasureFilter
from services.measures import export_measures
from tests.asgi import Client, Reply
from tests.helpers import TODAY
from tests.pages_helpers import no_exception, open_page, sign_in_as
from tests.tree import ROOT
from web import routes

PASSWORD = "Kz8-tableur-Wq3m-7pl"
ACCOUNTS = {
    "editor.souss": ("editor", ["09"]),
    "editor.bmk": ("editor", ["05"]),
    "donor.viewer": ("viewer", []),
    "chief": ("admin", []),
}
SAME_ORIGIN = {"sec-fetch-site": "same-origin"}
CHANGES_CSV, SIGN_INS_CSV, MEASURES_CSV = PATHS[CHANGES], PATHS[SIGN_INS], PATHS[MEASURES]


def serve(url: str, monkeypatch) -> Starlette:
    """Sign-in, sign-out and download routes over the database at `url`, with ACCOUNTS."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MARSAD_TODAY", TODAY.isoformat())
    for username, (role, regions) in ACCOUNTS.items():
        create_user(
            engine(),
            actor=COMMAND_LINE,
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            role=role,
            regions=regions,
        )
    return Starlette(routes=routes.routes())


@pytest.fixture
def site(seeded_url, monkeypatch):
    """The routes over a private copy of the demo database (SQLite)."""
    yield serve(seeded_url, monkeypatch)
    dispose_engines()


@pytest.fixture
def any_site(db_url, monkeypatch):
    """The routes over a private copy of the demo database, on both backends."""
    yield serve(db_url, monkeypatch)
    dispose_engines()


def visitor(app, username: str | None = None) -> tuple[Client, str | None]:
    """A browser, signed in as `username` (its session token) or anonymous."""
    web = Client(app)
    if username is None:
        return web, None
    token, _actor = sign_in(engine(), username=username, password=PASSWORD)
    web.cookies[SESSION_COOKIE] = token
    return web, token


def get(web: Client, path: str, **headers) -> Reply:
    return web.get(path, headers={**SAME_ORIGIN, **headers})


def rows(reply: Reply, variant: str = COMMA) -> list[list[str]]:
    """The CSV of a reply as the csv module reads it, after checking it is a fresh attachment."""
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "text/csv; charset=utf-8"
    assert reply.headers["content-disposition"].startswith('attachment; filename="marsad-')
    assert reply.headers["cache-control"] == "no-store"
    assert reply.text.startswith("\ufeff")
    separator = ";" if variant == SEMICOLON else ","
    return list(csv.reader(io.StringIO(reply.text[1:], newline=""), delimiter=separator))


def refused(reply: Reply, status: int, message_id: str, lang: str = "fr") -> str:
    assert reply.status_code == status
    assert reply.headers["content-type"].startswith("text/html")
    assert reply.headers["cache-control"] == "no-store"
    assert translate(lang, message_id).replace("'", "&#x27;") in reply.text
    assert "marsad-" not in reply.headers.get("content-disposition", "")
    return reply.text


# --- The audit tables: a live session with the right to audit -----------------------------


def test_the_audit_csv_needs_a_live_session(any_site):
    app = any_site
    web, token = visitor(app, "editor.souss")
    query = f"{CHANGES_CSV}?lang=fr&sep=comma"
    reply = get(web, query)
    actor = resolve_session(engine(), token)
    with read_session(engine()) as session:
        found = audit_trail(session, actor=actor, flt=AuditFilter())
        names = region_names(territory.regions(session), "fr")
    expected = audit_csv(CHANGES, change_rows(found.changes, "fr", names), "fr")
    assert reply.text.encode() == expected
    table = rows(reply)
    assert len(table) == len(found.changes) + 1 > 2
    assert {row[2] for row in table[1:]} == {"Souss-Massa"}
    assert f'filename="marsad-audit-changes-all-{TODAY.isoformat()}.csv"' in str(reply.headers)

    sign_out(engine(), token)
    refused(get(web, query), 401, "download.sign_in_needed")
    anonymous, _ = visitor(app)
    page = refused(get(anonymous, query), 401, "download.sign_in_needed")
    assert 'href="/signin?next=%2Faudit%3Flang%3Dfr&amp;lang=fr"' in page
    anonymous.cookies[SESSION_COOKIE] = "forged-" + "a" * 40
    refused(get(anonymous, f"{SIGN_INS_CSV}?lang=fr"), 401, "download.sign_in_needed")


def test_the_audit_csv_keeps_to_the_readers_regions(site):
    editor, _ = visitor(site, "editor.souss")
    refused(get(editor, f"{CHANGES_CSV}?region=05"), 403, "download.not_allowed")
    refused(get(editor, f"{SIGN_INS_CSV}?region=05"), 403, "download.not_allowed")
    assert {row[1] for row in rows(get(editor, SIGN_INS_CSV))[1:]} == {"editor.souss"}
    viewer, _ = visitor(site, "donor.viewer")
    refused(get(viewer, CHANGES_CSV), 403, "download.not_allowed")
    chief, _ = visitor(site, "chief")
    regions = {row[2] for row in rows(get(chief, f"{CHANGES_CSV}?region=05&lang=fr"))[1:]}
    assert regions == {"Béni Mellal-Khénifra"}
    everyone = {row[1] for row in rows(get(chief, f"{SIGN_INS_CSV}?sep=semicolon"), SEMICOLON)}
    assert {"editor.souss", "donor.viewer", "chief"} <= everyone


ANOTHER_SITE = [
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},  # another port of this host: another origin
    {"sec-fetch-site": "same-site", "referer": "http://testserver/audit"},
    {"origin": "http://testserver:8502"},
    {"referer": "http://evil.example/page"},
    {"origin": "null"},
]
THIS_SITE = [
    {"sec-fetch-site": "same-origin"},
    {"sec-fetch-site": "none"},  # typed or bookmarked
    {"referer": "http://testserver/audit"},
    {},  # no header at all: the session decides
]


def test_a_download_another_site_starts_is_refused(site):
    chief, _ = visitor(site, "chief")
    for headers in ANOTHER_SITE:
        reply = chief.get(f"{CHANGES_CSV}?lang=en", headers=headers)
        refused(reply, 403, "download.cross_site", "en")
    for headers in THIS_SITE:
        assert len(rows(chief.get(CHANGES_CSV, headers=headers))) > 1, headers


# --- The measure list: public unless sign-in is required ----------------------------------


def test_the_measure_csv_follows_the_filter_and_the_variant(site):
    web, _ = visitor(site)
    flt = MeasureFilter(region="09", statuses=("in_progress", "planned"), text="a")
    with read_session(engine()) as session:
        frame = export_measures(session, flt, TODAY)
    comma = get(web, download_url(MEASURES, flt, "ar", COMMA))
    assert comma.text.encode() == measures_csv(frame, "ar")
    assert f'filename="marsad-measures-09-{TODAY.isoformat()}.csv"' in str(comma.headers)
    statuses = {
        row[rows(comma)[0].index(translate("ar", "field.status"))] for row in rows(comma)[1:]
    }
    assert statuses <= {label("ar", "status", "in_progress"), label("ar", "status", "planned")}
    assert len(rows(comma)) == len(frame) + 1 > 2
    semicolon = rows(get(web, download_url(MEASURES, flt, "ar", SEMICOLON)), SEMICOLON)
    assert semicolon == rows(comma)  # no decimals in this list: the same cells, in columns


def test_the_measure_csv_needs_a_session_when_sign_in_is_required(site, monkeypatch):
    monkeypatch.setenv("MARSAD_REQUIRE_LOGIN", "1")
    anonymous, _ = visitor(site)
    page = refused(get(anonymous, f"{MEASURES_CSV}?lang=ar"), 401, "download.sign_in_needed", "ar")
    assert '<html lang="ar" dir="rtl">' in page
    viewer, _ = visitor(site, "donor.viewer")
    assert len(rows(get(viewer, MEASURES_CSV))) > 2


NOT_BUILT_BY_A_PAGE = {
    MEASURES_CSV: [
        "?colour=red",
        "?region=09&region=05",
        "?region=9",
        "?region=%3Cscript%3E",
        "?status=done",
        "?health=fine",
        "?tag=gcm:24",
        "?tag=gcm",
        "?gcm=24",
        "?gcm=3&tag=gcm:3",
        "?axis=-1",
        "?province=09",
        "?sep=tab",
        "?sep=comma&sep=semicolon",
        f"?text={'x' * 201}",
    ],
    CHANGES_CSV: ["?since=yesterday", "?until=2024-13-01", f"?user={'u' * 41}", "?text=a"],
}


def test_an_address_the_pages_did_not_build_is_refused(site):
    chief, _ = visitor(site, "chief")
    for path, queries in NOT_BUILT_BY_A_PAGE.items():
        for query in queries:
            reply = get(chief, f"{path}{query}&lang=en")
            refused(reply, 400, "download.bad_request", "en")


def test_a_database_failure_is_said_in_the_readers_language(site, seeded_url):
    dispose_engines()
    path = Path(seeded_url.removeprefix("sqlite:///"))
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    path.write_bytes(b"not a database" * 500)
    web, _ = visitor(site)
    page = refused(get(web, f"{MEASURES_CSV}?lang=ar"), 503, UNAVAILABLE, "ar")
    assert translate("ar", "signin.unavailable_title") in page


# --- The addresses the pages build --------------------------------------------------------


def test_an_address_from_before_alignment_tags_keeps_its_gcm_objective():
    flt = download_urls.measure_filter([("region", "09"), ("gcm", "15")])
    assert (flt.region, flt.tag) == ("09", "gcm:15")


def test_addresses_carry_the_filter_and_nothing_raw():
    hostile = 'a&b=c#d "<x>" ;=1+1 مرحبا'
    measures = MeasureFilter(
        region="09",
        province="09.001",
        statuses=("planned", "suspended"),
        health=("overdue",),
        axis_id=7,
        tag="snia:health",
        text=hostile,
    )
    audits = AuditFilter(region="05", username="x;=1", since=TODAY, until=TODAY)
    for url, parse, flt in (
        (download_url(MEASURES, measures, "ar", SEMICOLON), download_urls.measure_filter, measures),
        (download_url(SIGN_INS, audits, "en", COMMA), download_urls.audit_filter, audits),
    ):
        assert re.fullmatch(r"/export/[a-z-]+\.csv\?[A-Za-z0-9._~%+=&-]+", url)
        pairs = parse_qsl(urlsplit(url).query)
        assert parse(pairs) == flt
        assert download_urls.language(pairs) in ("ar", "en")
        assert download_urls.variant(pairs) in (COMMA, SEMICOLON)
    with pytest.raises(BadQuery):
        download_urls.measure_filter([("user", "x")])


# --- The pages: links to these routes, no Streamlit download button ------------------------


def test_no_page_offers_a_streamlit_download_button():
    sources = [*Path(ROOT, "pages").glob("*.py"), *Path(ROOT, "ui").glob("*.py")]
    assert [p.name for p in sources if "download_button" in p.read_text(encoding="utf-8")] == []


def links(at) -> list[tuple[str, str]]:
    """The page's link buttons: (label, address)."""
    return [(b.proto.label, b.proto.url) for b in at.get("link_button")]


@pytest.mark.usefixtures("app_env")
def test_the_measures_page_links_both_variants_of_its_view():
    at = open_page("measures", region="09", status="planned", lang="en")
    no_exception(at)
    assert not at.get("download_button")
    flt = MeasureFilter(region="09", statuses=("planned",))
    assert links(at) == [
        (translate("en", "download.csv_comma"), download_url(MEASURES, flt, "en", COMMA)),
        (translate("en", "download.csv_semicolon"), download_url(MEASURES, flt, "en", SEMICOLON)),
    ]


@pytest.mark.usefixtures("app_env")
def test_the_audit_page_links_work_for_its_session_only(seeded_url, monkeypatch):
    token = sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    at = open_page("audit")
    no_exception(at)
    assert not at.get("download_button")
    assert [url for _label, url in links(at)] == [
        download_url(kind, AuditFilter(), "fr", variant)
        for kind in (CHANGES, SIGN_INS)
        for variant in (COMMA, SEMICOLON)
    ]
    app = Starlette(routes=routes.routes())
    web = Client(app, cookies={SESSION_COOKIE: token})
    changes = rows(get(web, download_url(CHANGES, AuditFilter(), "fr", COMMA)))
    # The screen shows the first page of what the file holds (up to AUDIT_LIMIT rows).
    assert changes[1 : 1 + AUDIT_PAGE] == at.dataframe[0].value.astype(str).values.tolist()
    sign_out(engine(), token)
    refused(
        get(web, download_url(CHANGES, AuditFilter(), "fr", COMMA)), 401, "download.sign_in_needed"
    )
