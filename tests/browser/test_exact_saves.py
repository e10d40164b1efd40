"""A save is exact or refused: two people, stale records, typed dates and ended sessions.

Each test is one flow a tester found broken: the wrong decision changed, an account form that
came back blank and demoted the account, typed dates replaced by today, and typed input lost
when a session ended or a conflict was reloaded.
"""

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from i18n import formats
from i18n.catalog import label, translate
from models import Decision, Measure, Meeting, User, UserRegion
from models.base import utcnow
from models.limits import EARLIEST_DATE_YEAR, LATEST_DATE_AHEAD
from services.db import bookkeeping_session, make_engine
from services.sessions import revoke_sessions
from tests.browser.conftest import choose, sign_in, type_date, wait_idle
from tests.helpers import TODAY, changed_rows, dump


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def shown(text: str) -> re.Pattern:
    """A message as the page shows it: its values wrapped in bidi isolates."""
    parts = re.split(r"[\u2068\u2069]", text)
    return re.compile(r"\W?".join(re.escape(part) for part in parts))


def open_expander(page, title: str) -> None:
    page.locator("summary", has_text=title).first.click()


def pick_status(page, status: str) -> None:
    # By its name: while a rerun draws, the page may still hold the previous run's copy.
    group = page.get_by_role("radiogroup", name=translate("fr", "committees.field.new_status"))
    group.get_by_text(label("fr", "decision_status", status), exact=True).click()


def measure(engine, code: str) -> Measure:
    with Session(engine) as session:
        return session.execute(select(Measure).where(Measure.code == code)).scalar_one()


def test_two_editors_follow_up_the_same_decision_and_only_it_changes(page, second_page, server):
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        open_ones = session.execute(
            select(Decision.id, Decision.text_fr)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .where(Meeting.committee_id == 4, Decision.status == "open")
            .order_by(Decision.id)
        ).all()
    # Not the picker's first choice, so a fallback to the first would show.
    target_id, target_text = open_ones[1]
    for person, username in ((page, "editor.souss"), (second_page, "editor.agadir")):
        sign_in(person, server.url, "/committees?region=09&lang=fr", username=username)
        open_expander(person, fr("committees.follow_up_title"))
        choose(person, fr("committees.field.open_decision"), target_text[:40], exact=False)
        wait_idle(person)
    before = dump(engine)

    pick_status(page, "done")
    page.get_by_role("button", name=fr("committees.follow_up_submit")).click()
    done = fr("committees.decision_saved", status=label("fr", "decision_status", "done"))
    expect(page.get_by_text(shown(done)).first).to_be_visible()

    pick_status(second_page, "dropped")
    second_page.get_by_role("button", name=fr("committees.follow_up_submit")).click()
    expect(second_page.get_by_text(fr("error.stale_decision"))).to_be_visible()

    changed = changed_rows(before, dump(engine))
    assert set(changed) == {"decision", "changelog"}
    assert all(
        line.startswith(f'INSERT INTO "decision" VALUES({target_id},')
        for line in changed["decision"]
    )
    with Session(engine) as session:
        statuses = dict(session.execute(select(Decision.id, Decision.status)).all())
    assert statuses[target_id] == "done"
    assert all(statuses[i] == "open" for i, _ in open_ones if i != target_id)
    engine.dispose()


def test_an_account_opened_again_shows_its_values_and_a_name_change_keeps_the_rest(page, server):
    engine = make_engine(server.db_url)
    sign_in(page, server.url, "/admin?lang=fr", username="admin")
    picker = fr("admin.select_user")
    choose(page, picker, "editor.bmk", exact=False)
    choose(page, picker, "editor.agadir", exact=False)
    choose(page, picker, "editor.bmk", exact=False)
    wait_idle(page)
    # Until the rerun is drawn, the previous account's form may linger beside the new one:
    # wait for one name field in the create form and one in the change form.
    expect(page.get_by_label(fr("admin.field.display_name"), exact=True)).to_have_count(2)
    # The forms in order: create an account, change the picked one, its password.
    form = page.get_by_test_id("stForm").nth(1)
    # Streamlit keeps the previous account's field, marked stale, inside the same form until
    # the rerun ends: read the fresh one only.
    fresh = form.locator('[data-testid="stElementContainer"]:not([data-stale="true"])')
    name = fresh.get_by_label(fr("admin.field.display_name"), exact=True)
    expect(name).to_have_value("Éditeur Béni Mellal-Khénifra")
    expect(form.get_by_label(fr("admin.field.display_name"), exact=True)).to_have_count(1)
    role = form.get_by_role("combobox", name=fr("admin.field.role"))
    expect(role).to_have_value(label("fr", "role", "editor"))
    expect(form.get_by_role("checkbox", name=fr("admin.field.active"))).to_be_checked()

    name.fill("Éditeur BMK")
    form.get_by_role("button", name=fr("admin.change_submit")).click()
    expect(
        page.get_by_text(shown(fr("admin.changed", username="editor.bmk"))).first
    ).to_be_visible()
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == "editor.bmk")).scalar_one()
        regions = set(
            session.execute(
                select(UserRegion.region_code).where(UserRegion.user_id == user.id)
            ).scalars()
        )
    assert (user.display_name, user.role, user.is_active, regions) == (
        "Éditeur BMK",
        "editor",
        True,
        {"05"},
    )
    engine.dispose()


def test_typed_dates_outside_the_rules_are_refused_not_replaced(page, server):
    engine = make_engine(server.db_url)
    sign_in(page, server.url, "/committees?region=09&lang=fr", username="editor.souss")
    open_expander(page, fr("committees.record_title"))
    before = dump(engine)
    type_date(page, fr("committees.field.held_on"), "2030-01-15")
    page.get_by_label(fr("committees.field.attendance"), exact=True).fill("12")
    page.get_by_label(fr("committees.field.summary"), exact=True).fill("Réunion de suivi")
    page.get_by_label(fr("committees.field.decision"), exact=True).first.fill("Relancer")
    type_date(page, fr("committees.field.due_on"), "2099-12-31")
    page.get_by_role("button", name=fr("committees.record_submit")).click()
    expect(page.get_by_text(fr("error.future_date"))).to_be_visible()
    latest = formats.day("fr", TODAY + LATEST_DATE_AHEAD)
    expect(page.get_by_text(shown(fr("error.date_too_late", latest=latest)))).to_be_visible()
    # Typed input stays where it was typed.
    expect(page.get_by_label(fr("committees.field.summary"), exact=True)).to_have_value(
        "Réunion de suivi"
    )
    assert dump(engine) == before

    centre = measure(engine, "SM-02")
    page.goto(f"{server.url}/measure?id={centre.id}&lang=fr")
    wait_idle(page)
    type_date(page, fr("field.actual_start"), "1999-03-01")
    page.get_by_role("button", name=fr("measure.form.submit")).click()
    earliest = formats.day("fr", date(EARLIEST_DATE_YEAR, 1, 1))
    expect(page.get_by_text(shown(fr("error.date_too_early", earliest=earliest)))).to_be_visible()
    assert dump(engine) == before
    engine.dispose()


def test_a_session_that_ended_while_typing_refuses_and_keeps_the_note(page, server):
    engine = make_engine(server.db_url)
    target = measure(engine, "SM-03")
    sign_in(page, server.url, f"/measure?id={target.id}&lang=fr", username="editor.souss")
    note = page.get_by_role("textbox", name=fr("measure.form.note"))
    note.fill("Comité technique tenu le 12 novembre")
    with Session(engine) as session:
        user_id = session.execute(
            select(User.id).where(User.username == "editor.souss")
        ).scalar_one()
    with bookkeeping_session(engine) as session:
        revoke_sessions(session, user_id, utcnow())
    before = dump(engine)
    page.get_by_role("button", name=fr("measure.form.submit")).click()
    expect(page.get_by_text(fr("error.session_ended"))).to_be_visible()
    expect(note).to_have_value("Comité technique tenu le 12 novembre")
    assert dump(engine) == before
    engine.dispose()


def test_a_conflict_keeps_the_choice_and_reload_keeps_the_note(page, second_page, server):
    engine = make_engine(server.db_url)
    target = measure(engine, "SM-07")
    path = f"/measure?id={target.id}&lang=fr"
    sign_in(page, server.url, path, username="editor.souss")
    sign_in(second_page, server.url, path, username="editor.agadir")
    suspended = label("fr", "status", "suspended")
    choose(second_page, fr("field.status"), suspended)
    second_note = second_page.get_by_role("textbox", name=fr("measure.form.note"))
    second_note.fill("Suspendue faute de crédits")

    page.get_by_role("spinbutton", name=fr("field.progress")).fill(str(target.progress + 5))
    page.get_by_role("textbox", name=fr("measure.form.note")).fill("Point d'étape")
    page.get_by_role("button", name=fr("measure.form.submit")).click()
    progressed = fr(
        "measure.form.saved",
        code="SM-07",
        status=label("fr", "status", target.status),
        progress=target.progress + 5,
    )
    expect(page.get_by_text(shown(progressed)).first).to_be_visible()
    saved = dump(engine)

    second_page.get_by_role("button", name=fr("measure.form.submit")).click()
    expect(second_page.get_by_text(fr("error.stale_measure"))).to_be_visible()
    expect(second_page.get_by_role("combobox", name=fr("field.status"))).to_have_value(suspended)
    expect(second_note).to_have_value("Suspendue faute de crédits")
    assert dump(engine) == saved

    second_page.get_by_role("button", name=fr("measure.form.reload")).click()
    wait_idle(second_page)
    expect(second_page.get_by_role("spinbutton", name=fr("field.progress"))).to_have_value(
        str(target.progress + 5)
    )
    expect(second_note).to_have_value("Suspendue faute de crédits")
    assert dump(engine) == saved
    engine.dispose()
