"""Plans change, in Chromium: an editor creates a measure and revises its budget against the
baseline; two editors revise the same plan; an editor who lost the region is refused; a
meeting's date is corrected."""

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from i18n import formats
from i18n.catalog import translate
from models import Committee, Measure, Meeting, PlanRevision, User
from services.accounts import create_user, update_user
from services.actors import COMMAND_LINE
from services.db import make_engine
from tests.browser.conftest import EDITOR_PASSWORD, choose, sign_in, type_date, wait_idle


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
    # The form is drawn and filled from the record before anything is typed into it.
    expect(form.get_by_role("textbox", name=fr("column.code"), exact=True)).not_to_have_value("")
    wait_idle(page)
    budget = form.get_by_role("spinbutton", name=fr("field.budget_planned"))
    budget.fill(amount)
    form.get_by_role("textbox", name=fr("plan.reason")).fill(reason)
    form.get_by_role("textbox", name=fr("plan.session_month")).fill("2026-03")
    expect(budget).to_have_value(amount)
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


def test_an_editor_creates_a_measure_then_revises_its_budget_against_the_baseline(page, server):
    sign_in(page, server.url, "/measures?region=09&lang=fr")
    page.locator("summary", has_text=fr("plan.create_title")).first.click()
    wait_idle(page)
    form = page.get_by_test_id("stForm").filter(has_text=fr("plan.create_submit"))
    form.get_by_role("textbox", name=fr("column.code"), exact=True).fill("SM-90")
    title = f"{fr('column.title')} ({translate('fr', 'language_name.fr')})"
    form.get_by_role("textbox", name=title, exact=True).fill("Guichet mobile d'orientation")
    type_date(page, fr("field.planned_start"), "2027-01-01")
    type_date(page, fr("field.planned_end"), "2027-12-31")
    form.get_by_role("spinbutton", name=fr("field.budget_planned")).fill("1200000")
    form.get_by_role("button", name=fr("plan.create_submit")).click()
    expect(page.get_by_text(shown(fr("plan.created", code="SM-90"))).first).to_be_visible()
    created = measure(server.db_url, "SM-90")
    assert (created.region_code, created.budget_planned, created.provenance) == (
        "09",
        1_200_000,
        "recorded",
    )

    page.goto(f"{server.url}/measure?id={created.id}&region=09&lang=fr")
    page.locator("summary", has_text=fr("plan.revise_title")).first.click()
    wait_idle(page)
    revise_budget(page, "1500000", "Arbitrage de la session de mars")
    expect(page.get_by_text(shown(fr("plan.revised", code="SM-90"))).first).to_be_visible()
    assert measure(server.db_url, "SM-90").budget_planned == 1_500_000
    # Baseline beside current: the first adopted budget and today's, in the same row.
    baseline = page.locator('[data-testid="stDataFrame"]').filter(
        has=page.locator("th", has_text=fr("plan.baseline"))
    )
    row = baseline.locator("tr").filter(has_text=fr("field.budget_planned"))
    expect(row.locator("td").nth(1)).to_have_text(formats.mad("fr", 1_200_000))
    expect(row.locator("td").nth(2)).to_have_text(formats.mad("fr", 1_500_000))


def test_an_editor_whose_region_was_taken_away_is_refused_and_keeps_the_input(page, server):
    target = measure(server.db_url, "SM-04")
    engine = make_engine(server.db_url)
    details = {"display_name": "Éditeur Tiznit", "role": "editor", "active": True}
    create_user(
        engine,
        actor=COMMAND_LINE,
        username="editor.tiznit",
        display_name=details["display_name"],
        password=EDITOR_PASSWORD,
        role="editor",
        regions=["09"],
    )
    sign_in(page, server.url, f"/measure?id={target.id}&region=09&lang=fr", "editor.tiznit")
    page.locator("summary", has_text=fr("plan.revise_title")).first.click()
    wait_idle(page)
    # Meanwhile an administrator moves the account to another region.
    with Session(engine) as session:
        version = session.scalars(select(User.version).where(User.username == "editor.tiznit"))
        update_user(
            engine,
            actor=COMMAND_LINE,
            username="editor.tiznit",
            expected_version=version.one(),
            regions=["05"],
            **details,
        )
    engine.dispose()
    revise_budget(page, "9000000", "Arbitrage hors région")
    expect(page.get_by_text(fr("error.not_allowed")).first).to_be_visible()
    form = page.get_by_test_id("stForm").filter(has_text=fr("plan.revise_submit"))
    expect(form.get_by_role("textbox", name=fr("plan.reason"))).to_have_value(
        "Arbitrage hors région"
    )
    after = measure(server.db_url, "SM-04")
    assert (after.budget_planned, after.version) == (target.budget_planned, target.version)
    assert revisions(server.db_url, target.id) == []
