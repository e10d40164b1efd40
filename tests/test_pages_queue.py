"""The approvals and To do pages under AppTest: what each person sees in every language, a
validator validating and returning (a reason required), the editor reading the reason, a stale
decision refused, and those without the right refused."""

from urllib.parse import parse_qs

import pytest
from sqlalchemy import select
from sqlmodel import Session

from i18n import formats
from i18n.catalog import translate
from models import IndicatorValue
from models.codes import Role
from models.result_codes import ValueAction
from services.actors import Actor
from services.value_reads import waiting
from services.value_writes import take_step
from tests.helpers import actor, changed_rows, dump
from tests.pages_helpers import button, errors, message_after, no_exception, open_page, sign_in_as

pytestmark = pytest.mark.usefixtures("app_env")
LANGS = ("ar", "fr", "en")
VALIDATOR = Actor("validator.souss", "", Role.VALIDATOR, frozenset({"09"}))
DECIDE = "approvals.decide.1"  # the approval form of the queue's first page


def tr(lang: str, msgid: str, **params) -> str:
    return translate(lang, msgid, **params)


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def counted(lang: str, msgid: str, count: int) -> str:
    return tr(lang, msgid, count=formats.number(lang, count))


def queue(engine, status: str = "submitted", who: Actor = VALIDATOR) -> list[dict]:
    with Session(engine) as session:
        rows, _count = waiting(session, who, status)
    return rows.to_dict("records")


def value(engine, value_id: int) -> IndicatorValue:
    with Session(engine) as session:
        return session.scalars(select(IndicatorValue).where(IndicatorValue.id == value_id)).one()


def texts(at) -> list[str]:
    return [element.value for element in at.text]


def links(at, page: str) -> list[dict]:
    """The query parameters of every link to a page (by its url path) drawn on this one."""
    return [
        {name: values[0] for name, values in parse_qs(link.proto.query_string).items()}
        for link in at.main.get("page_link")
        if link.proto.page == page
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_approvals_page_in_every_language(engine, seeded_url, monkeypatch, lang):
    sign_in_as(monkeypatch, seeded_url, "validator.souss", "validator", ["09"])
    at = open_page("approvals", lang=lang)
    no_exception(at)
    headings = [s.value for s in at.subheader]
    assert counted(lang, "approvals.waiting_title", 7) in headings
    assert counted(lang, "approvals.returned_title", 2) in headings
    waiting_rows, returned_rows = (frame.value for frame in at.dataframe)
    assert list(waiting_rows["indicator"]) == [row["indicator"] for row in queue(engine)]
    # The seeded reasons are in Arabic: marked as such on a French or English page only.
    mark = tr(lang, "fallback.short", language=tr(lang, "language_name.ar"))
    assert all(reason.endswith(mark) == (lang != "ar") for reason in returned_rows["reason"])
    assert len(at.multiselect(key=f"{DECIDE}.values").options) == 7


@pytest.mark.parametrize("lang", LANGS)
def test_the_todo_page_in_every_language(seeded_url, monkeypatch, lang):
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    at = open_page("todo", lang=lang)
    no_exception(at)
    headings = [s.value for s in at.subheader]
    assert counted(lang, "todo.returned_title", 2) in headings
    assert counted(lang, "todo.drafts_title", 2) in headings
    assert counted(lang, "todo.decisions_title", 4) in headings
    assert tr(lang, "todo.sessions_title") in headings
    assert tr(lang, "todo.returned_by", by="validator.souss") in [w.value for w in at.warning]
    # The reasons, written in Arabic, are marked on a French or English page.
    mark = tr(lang, "fallback.short", language=tr(lang, "language_name.ar"))
    reasons = [text for text in texts(at) if "الإثبات" in text]
    assert len(reasons) == 2 and all(r.endswith(mark) == (lang != "ar") for r in reasons)
    sessions = at.dataframe[-1].value
    assert list(sessions["code"]) == ["2027-03"]
    assert len(links(at, "reporting")) == 2 and len(links(at, "committees")) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_validator_is_pointed_to_the_approvals(seeded_url, monkeypatch, lang):
    sign_in_as(monkeypatch, seeded_url, "validator.souss", "validator", ["09"])
    at = open_page("todo", lang=lang)
    no_exception(at)
    headings = [s.value for s in at.subheader]
    assert counted(lang, "todo.validate_title", 7) in headings
    assert counted(lang, "todo.returned_title", 2) not in headings  # editors' work
    assert links(at, "approvals") == [{"lang": lang}]


def test_a_viewer_is_refused_the_approvals_and_nothing_waits_for_them(seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "donor.viewer", "viewer", [])
    at = open_page("approvals")
    no_exception(at)
    assert fr("auth.refused") in errors(at)
    assert not at.multiselect and not at.dataframe
    at = open_page("todo")
    no_exception(at)
    assert [i.value for i in at.info] == [fr("todo.nothing_for_you")]
    assert not at.subheader


def test_an_editor_is_refused_the_approvals_and_anonymous_readers_the_todo(seeded_url, monkeypatch):
    at = open_page("todo")
    no_exception(at)
    assert fr("auth.refused") in errors(at)
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    at = open_page("approvals")
    assert fr("auth.refused") in errors(at)


def test_a_return_needs_a_reason_then_the_editor_reads_it(engine, seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "validator.souss", "validator", ["09"])
    first, second = (row["id"] for row in queue(engine)[:2])
    at = open_page("approvals")
    at.multiselect(key=f"{DECIDE}.values").set_value([first, second])
    at.radio(key=f"{DECIDE}.decision").set_value("returned")
    before = dump(engine)
    button(at, fr("approvals.submit")).click().run()
    no_exception(at)
    assert message_after(at, f"{DECIDE}.reason") == [fr("error.required")]
    assert changed_rows(before, dump(engine)) == {}
    assert at.multiselect(key=f"{DECIDE}.values").value == [first, second]

    at.text_area(key=f"{DECIDE}.reason").input("Joindre la feuille de présence.")
    button(at, fr("approvals.submit")).click().run()
    no_exception(at)
    assert fr("approvals.done_returned", count="2") in [s.value for s in at.success]
    for value_id in (first, second):
        stored = value(engine, value_id)
        assert (stored.status, stored.return_reason_lang) == ("returned", "fr")
        assert stored.reviewed_by == "validator.souss"
    assert counted("fr", "approvals.waiting_title", 5) in [s.value for s in at.subheader]

    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    at = open_page("todo")
    no_exception(at)
    assert counted("fr", "todo.returned_title", 4) in [s.value for s in at.subheader]
    assert "Joindre la feuille de présence." in texts(at)  # French on a French page: no mark
    stored = value(engine, first)
    prefill = {
        "indicator": str(stored.indicator_id),
        "period": str(stored.period_id),
        "territory": stored.territory_code,
        "lang": "fr",
    }
    assert prefill in links(at, "reporting")


def test_a_validator_validates_several_values_at_once(engine, seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "validator.souss", "validator", ["09"])
    chosen = [row["id"] for row in queue(engine)[:3]]
    at = open_page("approvals", lang="en")
    at.multiselect(key=f"{DECIDE}.values").set_value(chosen)
    button(at, translate("en", "approvals.submit")).click().run()
    no_exception(at)
    assert [value(engine, i).status for i in chosen] == ["validated"] * 3
    assert len(at.multiselect(key=f"{DECIDE}.values").options) == 4
    assert at.multiselect(key=f"{DECIDE}.values").value == []


def test_a_decision_on_values_changed_meanwhile_is_refused_as_stale(
    engine, seeded_url, monkeypatch
):
    sign_in_as(monkeypatch, seeded_url, "validator.souss", "validator", ["09"])
    target = queue(engine)[0]
    at = open_page("approvals")
    at.multiselect(key=f"{DECIDE}.values").set_value([target["id"]])
    # Another validator of the region returns it between filling and sending.
    other = actor(Role.VALIDATOR, "09")
    take_step(
        engine,
        actor=other,
        action=ValueAction.RETURNED,
        values=[(target["id"], target["version"])],
        reason="Chiffre à vérifier.",
        language="fr",
    )
    before = dump(engine)
    button(at, fr("approvals.submit")).click().run()
    no_exception(at)
    assert fr("error.stale_record") in errors(at)
    assert changed_rows(before, dump(engine)) == {}
    stored = value(engine, target["id"])
    assert (stored.status, stored.reviewed_by) == ("returned", other.username)
    # Reloading offers what waits now: the value returned meanwhile is gone.
    at.button(key=f"{DECIDE}.reload").click().run()
    no_exception(at)
    assert len(at.multiselect(key=f"{DECIDE}.values").options) == 6
    assert fr("error.stale_record") not in errors(at)


def test_an_editor_submits_drafts_from_the_todo(engine, seeded_url, monkeypatch):
    editor = Actor("editor.souss", "", Role.EDITOR, frozenset({"09"}))
    drafts = [row["id"] for row in queue(engine, "draft", editor)]
    assert len(drafts) == 2
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    at = open_page("todo")
    at.multiselect(key="todo.submit.1.values").set_value(drafts)
    button(at, fr("todo.submit")).click().run()
    no_exception(at)
    assert fr("todo.submitted", count="2") in [s.value for s in at.success]
    assert [value(engine, i).status for i in drafts] == ["submitted"] * 2
    assert fr("todo.drafts_empty") in [i.value for i in at.info]


def test_submitting_nothing_is_refused_next_to_the_picker(seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    at = open_page("todo")
    button(at, fr("todo.submit")).click().run()
    no_exception(at)
    assert message_after(at, "todo.submit.1.values") == [fr("error.nothing_chosen")]


def test_an_administrator_sees_every_region(seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "chief", "admin", [])
    at = open_page("approvals", lang="en")
    no_exception(at)
    headings = [s.value for s in at.subheader]
    assert counted("en", "approvals.waiting_title", 19) in headings
    assert counted("en", "approvals.returned_title", 6) in headings
    at = open_page("todo", lang="en")
    no_exception(at)
    headings = [s.value for s in at.subheader]
    assert counted("en", "todo.validate_title", 19) in headings
    assert counted("en", "todo.drafts_title", 6) in headings
    assert len(at.dataframe[-1].value) == 12  # every region's next session
    assert {link["region"] for link in links(at, "committees")} >= {"02", "05", "09"}
