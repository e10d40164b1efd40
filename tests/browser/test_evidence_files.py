"""Evidence files, in Chromium: an editor attaches minutes to a meeting; a signed-in reader
downloads them; the copied link gives nothing without the session, and the public view only
says that a file exists."""

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from i18n import formats
from i18n.catalog import translate
from models import Committee, EvidenceFile, Meeting
from services.db import make_engine
from tests.browser.conftest import choose, sign_in, wait_idle

PDF = b"%PDF-1.4\n% proces-verbal, noms des presents\n%%EOF\n"
NAME = "PV comité régional.pdf"


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def shown(text: str) -> re.Pattern:
    """A message as the page shows it: its values wrapped in bidi isolates."""
    parts = re.split(r"[\u2068\u2069]", text)
    return re.compile(r"\W?".join(re.escape(part) for part in parts))


def newest_meeting(db_url: str) -> tuple[str, Meeting]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        meeting = session.scalars(
            select(Meeting)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Committee.region_code == "09")
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        ).first()
        name = session.get(Committee, meeting.committee_id).name_fr
    engine.dispose()
    return name, meeting


def open_evidence(page, committee: str, meeting: Meeting) -> None:
    choose(page, fr("committees.select"), committee)
    # The newest meeting comes first, and is the record the picker starts on.
    record = fr("evidence.meeting_of", day=formats.day("fr", meeting.held_on))
    expect(page.get_by_role("combobox", name=fr("evidence.record"))).to_have_value(record)


def test_minutes_go_to_signed_in_readers_only(page, second_page, browser, server):
    committee, meeting = newest_meeting(server.db_url)
    sign_in(page, server.url, "/committees?region=09&lang=fr")
    open_evidence(page, committee, meeting)
    form = page.get_by_test_id("stForm").filter(has_text=fr("evidence.attach_submit"))
    form.locator('input[type="file"]').set_input_files(
        {"name": NAME, "mimeType": "application/pdf", "buffer": PDF}
    )
    # Uploaded once the chosen file shows as a chip (its long name shortened in the middle).
    expect(form.get_by_test_id("stFileChip")).to_be_visible()
    expect(form.get_by_test_id("stFileChipIconSpinner")).to_have_count(0)
    form.get_by_role("button", name=fr("evidence.attach_submit")).click()
    link = page.get_by_role("link", name=NAME)
    expect(link).to_be_visible()
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        stored = session.scalars(select(EvidenceFile)).one()
        assert (stored.entity, stored.entity_id, bytes(stored.content)) == (
            "meeting",
            meeting.id,
            PDF,
        )
    engine.dispose()
    address = link.get_attribute("href")
    assert address == f"/evidence/{stored.id}?lang=fr"

    # A signed-in reader (a donor's viewer account) downloads exactly the file.
    sign_in(second_page, server.url, "/committees?region=09&lang=fr", username="donor.viewer")
    open_evidence(second_page, committee, meeting)
    with second_page.expect_download() as download:
        second_page.get_by_role("link", name=NAME).click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert download.value.suggested_filename == NAME

    # The copied link in a browser without the session: a page saying why, not the file.
    stranger = browser.new_context()
    try:
        tab = stranger.new_page()
        answer = tab.goto(server.url + address)
        assert answer.status == 401
        assert b"%PDF" not in answer.body()
        expect(tab.get_by_role("alert")).to_have_text(fr("evidence.sign_in_needed"))
        # The public view says a file exists, without its name or a link to it.
        tab.goto(f"{server.url}/committees?region=09&lang=fr")
        wait_idle(tab)
        open_evidence(tab, committee, meeting)
        count = fr("evidence.sign_in_to_open", count="1")
        expect(tab.get_by_text(shown(count))).to_be_visible()
        expect(tab.get_by_text(NAME)).to_have_count(0)
    finally:
        stranger.close()
