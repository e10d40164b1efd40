"""The record forms, in Chromium: two editors change the same committee; the second, whose
copy is stale, is refused with the typed input kept."""

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from i18n.catalog import translate
from models import ChangeLog, Committee
from services.db import make_engine
from tests.browser.conftest import choose, sign_in, wait_idle


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


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
