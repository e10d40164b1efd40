"""Plans change, in Chromium: two editors revise the same plan; a meeting's date is corrected."""

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from i18n import formats
from i18n.catalog import translate
from models import Committee, Measure, Meeting, PlanRevision
from services.db import make_engine
from tests.browser.conftest import choose, sign_in, type_date, wait_idle


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def shown(text: str) -> re.Pattern:
    """A message as the page shows it: its values wrapped in bidi isolates."""
    parts = re.split(r"[\u2068\u2069]", text)
    return re.compile(r"\W?".join(re.escape(part) for part in parts))


def measure(db_url: str, code: str) -> Measure:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = session.execute(select(Measure).where(Measure.code == code)).scalar_one()
    engine.dispose()
    return found


def revisions(db_url: str, measure_id: int) -> list[tuple[str, str, str]]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        rows = session.scalars(select(PlanRevision).where(PlanRevision.measure_id == measure_id))
        found = [(r.field, r.new_value, r.reason) for r in rows]
    engine.dispose()
    return found


def revise_budget(page, amount: str, reason: str) -> None:
    """Type a new planned budget, the reason and the council session, and submit."""
    form = page.get_by_test_id("stForm").filter(has_text=fr("plan.revise_submit"))
    form.get_by_role("spinbutton", name=fr("field.budget_planned")).fill(amount)
    form.get_by_role("textbox", name=fr("plan.reason")).fill(reason)
    form.get_by_role("textbox", name=fr("plan.session_month")).fill("2026-03")
    form.get_by_role("button", name=fr("plan.revise_submit")).click()


def test_a_second_editors_stale_revision_is_refused_and_keeps_the_input(page, second_page, server):
    target = measure(server.db_url, "SM-03")
    address = f"/measure?id={target.id}&region=09&lang=fr"
    for person, username in ((page, "editor.souss"), (second_page, "editor.agadir")):
        sign_in(person, server.url, address, username=username)
        person.locator("summary", has_text=fr("plan.revise_title")).first.click()
        wait_idle(person)

    revise_budget(page, "20000000", "Session de mars")
    expect(page.get_by_text(shown(fr("plan.revised", code="SM-03"))).first).to_be_visible()

    revise_budget(second_page, "21000000", "Autre arbitrage")
    expect(second_page.get_by_text(fr("error.stale_measure"))).to_be_visible()
    form = second_page.get_by_test_id("stForm").filter(has_text=fr("plan.revise_submit"))
    budget = form.get_by_role("spinbutton", name=fr("field.budget_planned"))
    expect(budget).to_have_value("21000000")
    expect(form.get_by_role("textbox", name=fr("plan.reason"))).to_have_value("Autre arbitrage")

    after = measure(server.db_url, "SM-03")
    assert (after.budget_planned, after.version) == (20_000_000, target.version + 1)
    assert revisions(server.db_url, target.id) == [
        ("budget_planned", "20000000", "Session de mars")
    ]
    # The page shows the first adopted budget beside today's, and the revision (the grids'
    # cells are canvas; their accessible table holds the text).
    page.reload()
    wait_idle(page)
    expect(page.locator("th", has_text=fr("plan.baseline")).first).to_be_attached()
    expect(page.locator("td", has_text="Session de mars").first).to_be_attached()


def test_a_meetings_date_is_corrected_and_the_history_shows_both_dates(page, server):
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        newest = session.scalars(
            select(Meeting)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Committee.region_code == "09")
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        ).first()
        name = session.get(Committee, newest.committee_id).name_fr
    engine.dispose()
    sign_in(page, server.url, "/committees?region=09&lang=fr")
    choose(page, fr("committees.select"), name)
    page.locator("summary", has_text=fr("correction.title")).first.click()
    wait_idle(page)
    choose(page, fr("correction.meeting"), formats.day("fr", newest.held_on))
    type_date(page, fr("correction.held_on"), "2025-06-19")
    page.get_by_role("textbox", name=fr("plan.reason")).fill("Date mal saisie")
    page.get_by_role("button", name=fr("correction.submit")).click()
    saved = fr("correction.saved", day=formats.day("fr", date(2025, 6, 19)))
    expect(page.get_by_text(shown(saved)).first).to_be_visible()
    # The history of corrections (a grid: its accessible table holds the text) has both dates.
    history = page.locator('[data-testid="stDataFrame"]').filter(has_text="Date mal saisie")
    after = formats.day("fr", date(2025, 6, 19))
    expect(history.locator("td", has_text=after).first).to_be_attached()
    before = formats.day("fr", newest.held_on)
    expect(history.locator("td", has_text=before).first).to_be_attached()
