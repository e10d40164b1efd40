"""Evidence over HTTP: GET /evidence/{id} for a live session only, and Streamlit's upload
endpoint open to signed-in editors and admins, each refused before anything is read or sent."""

import asyncio

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import Committee, Meeting
from services.auth import sign_out
from services.db import dispose_engines, engine
from services.evidence import attach_evidence
from tests.helpers import EDITOR_09
from tests.test_downloads import get, refused, serve, visitor
from tests.test_edges import stand_in
from web import edges

PDF = b"%PDF-1.7\n% minutes with personal data\n%%EOF\n"
UPLOAD = "/_stcore/upload_file/some-session/some-file"


@pytest.fixture
def evidence_site(db_url, monkeypatch):
    """The routes over a private demo database holding one PDF attached to a meeting."""
    app = serve(db_url, monkeypatch)
    with Session(engine()) as session:
        meeting = session.scalars(
            select(Meeting)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Committee.region_code == "09")
        ).first()
    file_id = attach_evidence(
        engine(),
        actor=EDITOR_09,
        entity="meeting",
        entity_id=meeting.id,
        expected_version=meeting.version,
        file_name="PV comité régional.pdf",
        content=PDF,
    )
    yield app, f"/evidence/{file_id}?lang=fr"
    dispose_engines()


def test_a_signed_in_reader_gets_the_file_as_an_attachment(evidence_site):
    app, path = evidence_site
    web, _ = visitor(app, "donor.viewer")
    reply = get(web, path)
    assert reply.status_code == 200
    assert reply.body == PDF
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.headers["content-disposition"] == (
        'attachment; filename="PV comit rgional.pdf"; '
        "filename*=UTF-8''PV%20comit%C3%A9%20r%C3%A9gional.pdf"
    )
    assert reply.headers["cache-control"] == "no-store"
    assert "sandbox" in reply.headers["content-security-policy"]


def test_no_session_no_file_whatever_the_link(evidence_site):
    app, path = evidence_site
    anonymous, _ = visitor(app)
    page = refused(get(anonymous, path), 401, "evidence.sign_in_needed")
    assert "%PDF" not in page
    web, token = visitor(app, "donor.viewer")
    sign_out(engine(), token)
    refused(get(web, path), 401, "evidence.sign_in_needed")
    anonymous.cookies["marsad_session"] = "forged-" + "a" * 40
    refused(get(anonymous, path), 401, "evidence.sign_in_needed")
    signed_in, _ = visitor(app, "donor.viewer")
    refused(get(signed_in, path, **{"sec-fetch-site": "cross-site"}), 403, "download.cross_site")
    refused(get(signed_in, "/evidence/999999?lang=fr"), 404, "evidence.not_found")
    huge = "/evidence/99999999999999999999999?lang=fr"
    refused(get(signed_in, huge), 404, "evidence.not_found")


def upload(app, cookie: str | None, method: str = "PUT", size: int = 1000) -> tuple[int, int]:
    """One request to the upload endpoint: its status and how often the body was read."""
    headers = [(b"host", b"127.0.0.1:8501"), (b"content-length", str(size).encode())]
    if cookie:
        headers.append((b"cookie", f"marsad_session={cookie}".encode()))
    scope = {"type": "http", "method": method, "path": UPLOAD, "raw_path": UPLOAD.encode()}
    scope |= {"http_version": "1.1", "headers": headers, "query_string": b"", "root_path": ""}
    scope |= {"asgi": {"version": "3.0"}, "client": ("1", 1)}
    sent, reads = [], 0

    async def receive():
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * min(size, 1000), "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], reads


def test_uploads_are_for_signed_in_editors_within_the_size(evidence_site):
    app, _ = evidence_site
    _, editor = visitor(app, "editor.souss")
    _, admin = visitor(app, "chief")
    _, viewer = visitor(app, "donor.viewer")
    front = stand_in()
    assert upload(front, editor)[0] == 200
    assert upload(front, admin, method="DELETE")[0] == 200
    for cookie in (viewer, None, "forged-" + "a" * 40):
        assert upload(front, cookie) == (403, 0)
    assert upload(front, editor, size=edges.UPLOAD_MAX_BYTES + 1) == (413, 0)
    assert upload(front, editor, method="POST") == (403, 0)
    sign_out(engine(), editor)
    assert upload(front, editor) == (403, 0)
