"""Text people wrote is shown in the reader's language, or marked with the language it is in."""

import pytest
from sqlalchemy import select, update
from sqlmodel import Session

from i18n.catalog import label, translate
from models import (
    Committee,
    CommitteeMember,
    Decision,
    Institution,
    Measure,
    MeasureUpdate,
    Meeting,
    Strategy,
)
from models.codes import LANGUAGES, PILOT_REGIONS
from tests.helpers import measure_where
from tests.pages_helpers import no_exception, open_page
from tests.test_pages_languages import shown_texts

pytestmark = pytest.mark.usefixtures("app_env")

# Every text column a person wrote, as (table, stem): the stem_fr / _ar / _en columns.
CONTENT = (
    (Measure, "title"),
    (Measure, "description"),
    (Measure, "pdr_reference"),
    (MeasureUpdate, "note"),
    (Strategy, "summary"),
    (Strategy, "pdr_reference"),
    (Committee, "name"),
    (Committee, "mandate"),
    (Meeting, "summary"),
    (Decision, "text"),
    (Institution, "name"),
)
MEASURES = ("SM-02", "SM-04", "OR-02", "BMK-01", "NAT-01")
# Shorter French texts ("OIM", "Enabel") are names in every language.
LONGEST_NAME = 12


def page_texts(at) -> list[str]:
    """Every text the page shows, table cells included."""
    texts = shown_texts(at) + [str(b.value) for b in at.caption]
    for table in at.dataframe:
        texts += [str(v) for v in table.value.to_numpy().ravel() if isinstance(v, str)]
    return texts


def other_language_texts(engine, lang: str) -> dict[str, str]:
    """Each content text in another language than `lang` that has a `lang` version: {text: lang}.

    A name the reader's own texts quote (a French association name in an Arabic description)
    is not counted.
    """
    found, own = {}, []
    with Session(engine) as session:
        for table, stem in CONTENT:
            columns = [getattr(table, f"{stem}_{code}") for code in LANGUAGES]
            for row in session.execute(select(*columns)):
                texts = dict(zip(LANGUAGES, row, strict=True))
                if not texts[lang]:
                    continue
                own.append(texts[lang])
                for code, text in texts.items():
                    if code != lang and len(text) >= LONGEST_NAME and text != texts[lang]:
                        found[text] = code
    quoted = "\n".join(own)
    return {text: code for text, code in found.items() if text not in quoted}


def pages(engine) -> list[tuple[str, dict]]:
    """The pages that show content: measures, strategies and committees of the pilot regions."""
    found = []
    for code in MEASURES:
        measure = measure_where(engine, code=code)
        query = {"id": str(measure.id)} | (
            {"region": measure.region_code} if measure.region_code else {}
        )
        found.append(("measure", query))
    for region in PILOT_REGIONS:
        found += [("strategies", {"region": region}), ("committees", {"region": region})]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_shows_content_in_another_language_when_the_reader_s_exists(engine, lang):
    foreign = other_language_texts(engine, lang)
    assert len(foreign) > 200
    for page, query in pages(engine):
        at = open_page(page, lang=lang, **query)
        no_exception(at)
        for text in page_texts(at):
            leaked = [f for f in foreign if f in text]
            assert not leaked, (page, query, lang, leaked[:2])


def members_and_meetings(engine, region: str) -> tuple[list, list]:
    """(institution names in ar/fr/en, role) of a committee's members, and its meetings' rows."""
    with Session(engine) as session:
        committee = session.scalars(
            select(Committee).where(Committee.region_code == region).order_by(Committee.id)
        ).first()
        members = session.execute(
            select(Institution, CommitteeMember.role)
            .join(CommitteeMember, CommitteeMember.institution_id == Institution.id)
            .where(CommitteeMember.committee_id == committee.id)
        ).all()
        meetings = session.scalars(
            select(Meeting).where(Meeting.committee_id == committee.id)
        ).all()
    return members, meetings


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("region", PILOT_REGIONS)
def test_committee_members_roles_and_summaries_in_the_page_language(engine, lang, region):
    members, meetings = members_and_meetings(engine, region)
    assert members and meetings
    at = open_page("committees", lang=lang, region=region)
    no_exception(at)
    shown = "\n".join(page_texts(at))
    for institution, role in members:
        assert getattr(institution, f"name_{lang}") in shown, (lang, institution.name_fr)
        assert label(lang, "committee_role", role) in shown
    for meeting in meetings:
        assert getattr(meeting, f"summary_{lang}") in shown, (lang, meeting.held_on)


def test_a_text_missing_in_arabic_is_shown_in_french_with_its_mark(engine):
    measure = measure_where(engine, code="SM-02")
    _, meetings = members_and_meetings(engine, "09")
    with Session(engine) as session, session.begin():
        session.execute(update(Measure).where(Measure.id == measure.id).values(description_ar=""))
        session.execute(update(Meeting).where(Meeting.id == meetings[0].id).values(summary_ar=""))
    mark = translate("ar", "fallback.short", language=label("ar", "language_name", "fr"))
    at = open_page("measure", lang="ar", id=str(measure.id), region="09")
    no_exception(at)
    texts = page_texts(at)
    assert measure.description_fr in texts
    assert translate("ar", "fallback.fr") in texts
    at = open_page("committees", lang="ar", region="09")
    no_exception(at)
    cells = page_texts(at)
    assert f"{meetings[0].summary_fr} {mark}" in cells
    assert meetings[0].summary_fr not in [c for c in cells if mark not in c]
