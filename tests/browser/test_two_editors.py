"""Two people on the same record, in two browsers: a committee changed by one is not changed
again from the other's stale copy, a decision withdrawn by one cannot be withdrawn again, and a
file for a meeting corrected meanwhile is refused, and a decision linked to a measure withdrawn
meanwhile is refused; each time the refused person's input stays
and nothing is written."""

from playwright.sync_api import expect
from sqlalchemy import func, select
from sqlmodel import Session

from i18n.catalog import translate
from models import ChangeLog, Committee, Decision, EvidenceFile, Measure, Meeting
from services.actors import COMMAND_LINE
from services.corrections import correct_meeting
from services.db import make_engine
from tests.browser.conftest import choose, sign_in, type_date, wait_idle
from tests.helpers import TODAY

PDF = b"%PDF-1.4\n% liste de presence\n%%EOF\n"


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def busiest_committee(db_url: str) -> Committee:
    """Souss-Massa's committee with the most decisions."""
    engine = make_engine(db_url)
    with Session(engine) as session:
        committee_id = session.scalars(
            select(Meeting.committee_id)
            .join(Decision, Decision.meeting_id == Meeting.id)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Committee.region_code == "09")
            .group_by(Meeting.committee_id)
            .order_by(func.count().desc())
        ).first()
        found = session.get(Committee, committee_id)
    engine.dispose()
    return found


def open_section(page, server, committee: Committee, title: str, username: str) -> None:
    sign_in(page, server.url, "/committees?region=09&lang=fr", username=username)
    choose(page, fr("committees.select"), committee.name_fr)
    page.locator("summary", has_text=title).first.click()
    wait_idle(page)


def test_a_decision_withdrawn_meanwhile_is_not_withdrawn_twice(page, second_page, server):
    committee = busiest_committee(server.db_url)
    title = fr("withdrawal.decision_title")
    open_section(page, server, committee, title, "editor.souss")
    open_section(second_page, server, committee, title, "editor.agadir")

    for person, reason in ((second_page, "Saisie en double"), (page, "Décision mal recopiée")):
        form = person.get_by_test_id("stForm").filter(has_text=fr("withdrawal.decision_submit"))
        form.get_by_role("textbox", name=fr("plan.reason")).fill(reason)
        form.get_by_role("button", name=fr("withdrawal.decision_submit")).click()
        if person is second_page:
            expect(person.get_by_text(fr("withdrawal.decision_done")).first).to_be_visible()
    expect(page.get_by_text(fr("error.stale_decision"))).to_be_visible()
    form = page.get_by_test_id("stForm").filter(has_text=fr("withdrawal.decision_submit"))
    expect(form.get_by_role("textbox", name=fr("plan.reason"))).to_have_value(
        "Décision mal recopiée"
    )
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        withdrawn = session.execute(
            select(Decision.withdrawn_by, Decision.withdrawn_reason).where(
                Decision.withdrawn_at.is_not(None)
            )
        ).all()
        logged = session.scalars(
            select(ChangeLog.actor).where(
                ChangeLog.entity == "decision", ChangeLog.action == "withdrawn"
            )
        ).all()
    engine.dispose()
    assert withdrawn == [("editor.agadir", "Saisie en double")]
    assert logged == ["editor.agadir"]


def test_a_file_for_a_meeting_corrected_meanwhile_is_refused_and_kept(page, server):
    committee = busiest_committee(server.db_url)
    sign_in(page, server.url, "/committees?region=09&lang=fr")
    choose(page, fr("committees.select"), committee.name_fr)
    wait_idle(page)
    form = page.get_by_test_id("stForm").filter(has_text=fr("evidence.attach_submit"))
    form.locator('input[type="file"]').set_input_files(
        {"name": "presence.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(form.get_by_test_id("stFileChip")).to_be_visible()
    # Meanwhile someone else corrects the meeting the form shows (the newest one).
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        meeting = session.scalars(
            select(Meeting)
            .where(Meeting.committee_id == committee.id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        ).first()
    correct_meeting(
        engine,
        actor=COMMAND_LINE,
        meeting_id=meeting.id,
        expected_version=meeting.version,
        held_on=meeting.held_on,
        attendance=(meeting.attendance or 0) + 1,
        summary=meeting.summary_fr,
        language="fr",
        reason="Présents recomptés",
        today=TODAY,
    )
    form.get_by_role("button", name=fr("evidence.attach_submit")).click()
    expect(page.get_by_text(fr("error.stale_meeting"))).to_be_visible()
    expect(form.get_by_test_id("stFileChip")).to_be_visible()
    with Session(engine) as session:
        assert session.scalars(select(EvidenceFile)).all() == []
    engine.dispose()


def committee_09(db_url: str) -> Committee:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = session.scalars(
            select(Committee).where(Committee.region_code == "09").order_by(Committee.id)
        ).first()
    engine.dispose()
    return found


def edit_mandate(page, text: str) -> None:
    """Type a new French mandate in the committee's form and save."""
    form = page.get_by_test_id("stForm").filter(has_text=fr("record.save"))
    mandate = f"{fr('committees.mandate')} ({translate('fr', 'language_name.fr')})"
    form.get_by_role("textbox", name=mandate, exact=True).fill(text)
    form.get_by_role("button", name=fr("record.save")).click()


def test_a_second_editors_stale_committee_edit_is_refused_and_keeps_the_input(
    page, second_page, server
):
    target = committee_09(server.db_url)
    for person, username in ((page, "editor.souss"), (second_page, "editor.agadir")):
        sign_in(person, server.url, "/committees?region=09&lang=fr", username=username)
        choose(person, fr("committees.select"), target.name_fr)
        person.locator("summary", has_text=fr("record.edit_committee")).first.click()
        wait_idle(person)

    edit_mandate(page, "Coordonner la stratégie régionale et suivre ses mesures.")
    expect(page.get_by_text(fr("record.saved")).first).to_be_visible()

    edit_mandate(second_page, "Un autre mandat, tapé sur une copie ancienne.")
    expect(second_page.get_by_text(fr("error.stale_record"))).to_be_visible()
    form = second_page.get_by_test_id("stForm").filter(has_text=fr("record.save"))
    mandate = f"{fr('committees.mandate')} ({translate('fr', 'language_name.fr')})"
    expect(form.get_by_role("textbox", name=mandate, exact=True)).to_have_value(
        "Un autre mandat, tapé sur une copie ancienne."
    )

    after = committee_09(server.db_url)
    assert (after.mandate_fr, after.version) == (
        "Coordonner la stratégie régionale et suivre ses mesures.",
        target.version + 1,
    )
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        logged = session.scalars(
            select(ChangeLog).where(
                ChangeLog.entity == "committee", ChangeLog.entity_id == target.id
            )
        ).all()
    engine.dispose()
    assert [(entry.action, entry.actor) for entry in logged] == [("edited", "editor.souss")]


def textbox(form, msgid: str):
    return form.get_by_role("textbox", name=fr(msgid), exact=True)


def test_a_decision_linked_to_a_measure_withdrawn_meanwhile_is_refused_and_kept(
    page, second_page, server
):
    committee = busiest_committee(server.db_url)
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        measure_id = session.scalar(select(Measure.id).where(Measure.code == "SM-07"))
        meetings_before = session.scalar(select(func.count()).select_from(Meeting))
    open_section(page, server, committee, fr("committees.record_title"), "editor.souss")
    form = page.get_by_test_id("stForm").filter(has_text=fr("committees.record_submit"))
    type_date(page, fr("committees.field.held_on"), "2026-11-10")
    form.get_by_role("spinbutton", name=fr("committees.field.attendance")).fill("9")
    textbox(form, "committees.field.summary").fill("Point d'étape.")
    textbox(form, "committees.field.decision").first.fill("Suivre la convention")
    textbox(form, "committees.field.measure_code").first.fill("SM-07")

    # Meanwhile a second editor withdraws that measure from its own page.
    sign_in(second_page, server.url, f"/measure?id={measure_id}&lang=fr", "editor.agadir")
    second_page.locator("summary", has_text=fr("withdrawal.title")).first.click()
    wait_idle(second_page)
    withdrawal = second_page.get_by_test_id("stForm").filter(has_text=fr("withdrawal.submit"))
    withdrawal.get_by_role("textbox", name=fr("plan.reason")).fill("Saisie en double")
    withdrawal.get_by_role("button", name=fr("withdrawal.submit")).click()
    done = fr("withdrawal.done", code="SM-07")
    expect(second_page.get_by_text(done).first).to_be_visible()

    form.get_by_role("button", name=fr("committees.record_submit")).click()
    expect(page.get_by_text(fr("error.unknown_measure_code"))).to_be_visible()
    expect(textbox(form, "committees.field.measure_code").first).to_have_value("SM-07")
    decision = textbox(form, "committees.field.decision").first
    expect(decision).to_have_value("Suivre la convention")
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == meetings_before
        assert session.get(Measure, measure_id).withdrawn_by == "editor.agadir"
    engine.dispose()
