"""Stored text that looks like markup is shown as text: no script runs, nothing is fetched."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update
from sqlmodel import Session

from models import (
    Committee,
    DataRevision,
    Decision,
    Institution,
    Measure,
    MeasureUpdate,
    Meeting,
)
from services.db import make_engine
from tests.browser.conftest import wait_idle

SCRIPT = "<script>window.__pwned = 1</script>"
IMAGE = '<img src="http://evil.example/i.png" onerror="window.__pwned = 2">'
MARKDOWN = "![x](http://evil.example/m.png) [clic](javascript:window.__pwned=3)"


@pytest.fixture(scope="module")
def hostile(server):
    """Put hostile text where imports could bring it, bypassing the services' own refusals."""
    engine = make_engine(server.db_url)
    with Session(engine) as session, session.begin():
        measure = session.execute(select(Measure).where(Measure.code == "SM-03")).scalar_one()
        measure.title_fr = f"Titre {SCRIPT}"
        measure.description_fr = f"{IMAGE} {MARKDOWN}"
        session.get(Institution, measure.lead_institution_id).name_fr = f"Institution {SCRIPT}"
        session.execute(
            update(MeasureUpdate)
            .where(MeasureUpdate.measure_id == measure.id)
            .values(note_fr=f"{SCRIPT} {MARKDOWN}")
        )
        committee = (
            session.execute(
                select(Committee).where(Committee.region_code == "09").order_by(Committee.id)
            )
            .scalars()
            .first()
        )
        meeting = (
            session.execute(
                select(Meeting).where(Meeting.committee_id == committee.id).order_by(Meeting.id)
            )
            .scalars()
            .first()
        )
        meeting.summary_fr = f"{IMAGE} {MARKDOWN}"
        session.execute(
            update(Decision).where(Decision.meeting_id == meeting.id).values(text_fr=SCRIPT)
        )
        session.execute(update(DataRevision).values(value=DataRevision.value + 1))
        measure_id = measure.id
    engine.dispose()
    return measure_id


def watch(page) -> dict:
    """Record dialogs and every request for what the hostile text points at."""
    seen = {"dialogs": [], "outside": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: _note_hostile(seen, request.url))
    return seen


def _note_hostile(seen: dict, url: str) -> None:
    # Only what the stored text points at: Streamlit itself may fetch icon files.
    if "evil.example" in url or url.startswith("javascript:"):
        seen["outside"].append(url)


def grid_cell(page, text: str):
    """A table cell holding exactly `text`, in the accessible grid behind the drawn table."""
    return page.get_by_role("gridcell", name=text, exact=True, include_hidden=True)


def assert_harmless(page, seen) -> None:
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__pwned") is None
    assert seen == {"dialogs": [], "outside": []}


def test_measure_page_shows_markup_as_text(page, server, hostile):
    seen = watch(page)
    page.goto(f"{server.url}/measure?id={hostile}&lang=fr")
    wait_idle(page)
    expect(page.get_by_text(f"SM-03 · Titre {SCRIPT}", exact=False).first).to_be_visible()
    expect(page.get_by_text(MARKDOWN, exact=False).first).to_be_visible()
    expect(page.get_by_text(f"Institution {SCRIPT}", exact=False).first).to_be_visible()
    assert_harmless(page, seen)


def test_measures_list_shows_markup_as_text(page, server, hostile):
    seen = watch(page)
    page.goto(f"{server.url}/measures?region=09&lang=fr")
    wait_idle(page)
    # The table is drawn on a canvas; the accessible grid behind it holds the cells' text.
    expect(grid_cell(page, f"Titre {SCRIPT}").first).to_be_attached()
    assert_harmless(page, seen)


def test_committees_show_markup_as_text(page, server, hostile):
    seen = watch(page)
    page.goto(f"{server.url}/committees?region=09&lang=fr")
    wait_idle(page)
    expect(grid_cell(page, f"{IMAGE} {MARKDOWN}").first).to_be_attached()
    expect(grid_cell(page, SCRIPT).first).to_be_attached()
    assert_harmless(page, seen)
