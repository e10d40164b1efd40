"""Two editors add the same unknown institution from the committee page, in Arabic: one entry."""

from datetime import date

from playwright.sync_api import expect
from sqlalchemy import func, select
from sqlmodel import Session

from i18n.catalog import label, translate
from models import Decision, Institution, Meeting
from services.db import make_engine
from tests.browser.conftest import choose, sign_in, type_date, wait_idle
from tests.helpers import dump

NAME = "جمعية تضامن المهاجرين والمهاجرات بإنزكان"


def ar(msgid: str, **params) -> str:
    return translate("ar", msgid, **params)


def open_expander(page, title: str) -> None:
    page.locator("summary", has_text=title).first.click()


def add_institution(page) -> None:
    open_expander(page, ar("institution.add_title"))
    page.get_by_label(ar("institution.field.name"), exact=True).fill(NAME)
    choose(page, ar("institution.field.kind"), label("ar", "institution_kind", "civil_society"))
    page.get_by_role("button", name=ar("institution.add_submit")).click()


def test_an_unknown_owner_is_added_once_and_chosen_for_a_decision(page, second_page, server):
    engine = make_engine(server.db_url)
    path = "/committees?region=09&lang=ar"
    sign_in(page, server.url, path, username="editor.souss")
    sign_in(second_page, server.url, path, username="editor.agadir")
    wait_idle(second_page)
    open_expander(second_page, ar("institution.add_title"))
    second_page.get_by_label(ar("institution.field.name"), exact=True).fill(NAME)

    add_institution(page)
    expect(page.get_by_text(ar("institution.added", name=NAME), exact=False).first).to_be_visible()
    with Session(engine) as session:
        added = session.scalars(select(Institution).where(Institution.name_ar == NAME)).one()
    assert (added.name_fr, added.kind, added.created_by) == ("", "civil_society", "editor.souss")

    # The section stays open after the save: the same name again is refused in sight.
    wait_idle(page)
    name = page.get_by_label(ar("institution.field.name"), exact=True)
    name.fill(NAME)
    page.get_by_role("button", name=ar("institution.add_submit")).click()
    expect(page.get_by_text(ar("error.institution_exists"))).to_be_visible()
    expect(name).to_have_value(NAME)

    before = dump(engine)
    second_page.get_by_role("button", name=ar("institution.add_submit")).click()
    expect(second_page.get_by_text(ar("error.institution_exists"))).to_be_visible()
    expect(second_page.get_by_label(ar("institution.field.name"), exact=True)).to_have_value(NAME)
    assert dump(engine) == before

    wait_idle(page)
    open_expander(page, ar("committees.record_title"))
    type_date(page, ar("committees.field.held_on"), "2026-11-12")
    page.get_by_label(ar("committees.field.attendance"), exact=True).fill("11")
    page.get_by_label(ar("committees.field.summary"), exact=True).fill("تتبع شبكة التوجيه")
    page.get_by_label(ar("committees.field.decision"), exact=True).first.fill("إعداد دليل التوجيه")
    choose(page, ar("committees.field.owner"), NAME, row=0)
    page.get_by_role("button", name=ar("committees.record_submit")).click()
    saved = ar("committees.meeting_saved", plural=1, decisions=1)
    expect(page.get_by_text(saved, exact=False).first).to_be_visible()
    with Session(engine) as session:
        meeting = session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        decision = session.scalars(select(Decision).where(Decision.meeting_id == meeting.id)).one()
        entries = session.scalar(
            select(func.count()).select_from(Institution).where(Institution.name_ar == NAME)
        )
    assert (meeting.held_on, meeting.summary_ar, meeting.summary_fr) == (
        date(2026, 11, 12),
        "تتبع شبكة التوجيه",
        "",
    )
    assert (decision.text_ar, decision.owner_institution_id, entries) == (
        "إعداد دليل التوجيه",
        added.id,
        1,
    )
    engine.dispose()
