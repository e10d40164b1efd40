"""Provenance per field: the source registry, the article's statements, `recorded` on update."""

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from i18n.provenance_marks import illustrative_marks
from models import Committee, FieldProvenance, Measure, Source, Strategy
from models.codes import Provenance
from models.sources import ENTITY_FIELDS
from seed.fields import SeedDataError
from seed.records import DATA_DIR, read_demo
from seed.territory import territory_index
from services import measures, overview
from services.errors import ValidationFailed
from services.filters import MeasureFilter
from services.measure_writes import MeasureChange, update_measure
from services.provenance import field_sources
from tests.helpers import EDITOR_09, TODAY, measure_where

ARTICLE_FILE = DATA_DIR / "press-article-2023-10-31.ar.txt"
SHARED_ARTICLE = DATA_DIR.parents[2] / "shared" / "sources" / ARTICLE_FILE.name
PRESS_ARTICLE = {
    "title_fr": "Article de presse (MAP) sur l'atelier de capitalisation DEPOMI, Rabat, 31/10/2023",
    "title_ar": "مقال صحفي حول ورشة الرسملة، الرباط، 31/10/2023",
    "title_en": "Press article (MAP) on the DEPOMI capitalisation workshop, Rabat, 31 Oct 2023",
}


def statements() -> dict[str, dict]:
    doc = yaml.safe_load((DATA_DIR / "article_statements.yaml").read_text(encoding="utf-8"))
    return {s["key"]: s for s in doc["statements"]}


def seeded_fields(engine) -> dict[str, dict]:
    """Every seeded record's displayed fields with their provenance, by record key."""
    found = {}
    with Session(engine) as session:
        for i, code, p in session.execute(select(Measure.id, Measure.code, Measure.provenance)):
            found[code] = field_sources(session, "measure", i, p)
        for i, region, p in session.execute(
            select(Strategy.id, Strategy.region_code, Strategy.provenance)
        ):
            found[f"strategy-{region}"] = field_sources(session, "strategy", i, p)
        positions: dict[str, int] = {}
        for i, region, p in session.execute(
            select(Committee.id, Committee.region_code, Committee.provenance).order_by(Committee.id)
        ):
            positions[region] = positions.get(region, 0) + 1
            found[f"committee-{region}-{positions[region]}"] = field_sources(
                session, "committee", i, p
            )
    return found


def test_no_field_carries_the_article_unless_a_statement_backs_it(engine):
    backs = {
        key: {(b["record"], b["field"]) for b in s["backs"]} for key, s in statements().items()
    }
    records = seeded_fields(engine)
    for code, found in records.items():
        for field, source in found.items():
            if source.provenance == Provenance.ARTICLE:
                assert (code, field) in backs.get(source.statement, ()), (code, field)
                assert source.source_fr == PRESS_ARTICLE["title_fr"]
    kinds = {"measure": 0, "strategy": 0, "committee": 0}
    for code, found in records.items():
        kind = code.split("-")[0] if code.split("-")[0] in kinds else "measure"
        kinds[kind] += 1
        assert tuple(found) == ENTITY_FIELDS[kind]
    assert all(kinds.values())


def test_every_statement_quotes_the_article_word_for_word():
    article = ARTICLE_FILE.read_text(encoding="utf-8")
    if SHARED_ARTICLE.exists():
        assert SHARED_ARTICLE.read_text(encoding="utf-8") == article
    for key, statement in statements().items():
        assert statement["quote"] in article, key


def test_every_public_field_cites_publisher_title_date_and_address(engine):
    with Session(engine) as session:
        sources = {s.title_fr: s for s in session.scalars(select(Source))}
    public = [
        (code, field, source)
        for code, found in seeded_fields(engine).items()
        for field, source in found.items()
        if source.provenance == Provenance.PUBLIC
    ]
    assert public
    for code, field, source in public:
        cited = sources.get(source.source_fr)
        assert cited is not None, (code, field)
        assert cited.kind == Provenance.PUBLIC and cited.publisher
        # An undated page is cited with the day it was read.
        assert cited.published or cited.accessed
        assert cited.url.startswith("https://") and cited.title_ar and cited.title_en


def test_the_source_is_named_as_the_press_article(engine):
    with Session(engine) as session:
        article = session.scalars(select(Source).where(Source.kind == Provenance.ARTICLE)).one()
    assert {k: getattr(article, k) for k in PRESS_ARTICLE} == PRESS_ARTICLE
    assert article.published == "2023-10-31" and article.language == "ar"


def test_invented_facts_of_article_records_are_illustrative(engine):
    found = seeded_fields(engine)
    assert found["SM-02"]["title"].provenance == Provenance.ARTICLE
    for field in ("status", "progress", "budget", "actual", "lead_institution", "partners"):
        assert found["SM-02"][field].provenance == Provenance.ILLUSTRATIVE, field
    assert found["NAT-02"]["status"].provenance == Provenance.ILLUSTRATIVE
    assert found["BMK-04"]["status"].provenance == Provenance.ILLUSTRATIVE
    assert found["strategy-09"]["status"].provenance == Provenance.ARTICLE
    assert found["strategy-09"]["horizon"].provenance == Provenance.ILLUSTRATIVE
    assert {f for f, s in found["strategy-05"].items() if s.provenance != "illustrative"} == {
        "title"
    }
    committee = found["committee-09-1"]
    assert committee["mandate"].provenance == Provenance.ARTICLE
    for field in ("established_on", "chair", "members"):
        assert committee[field].provenance == Provenance.ILLUSTRATIVE, field


def _edited_data(tmp_path: Path, name: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "plan_09_souss_massa.yaml",
            "article: {title: sm-centre}",
            "article: {title: sm-centre, budget: sm-centre}",
            "statement 'sm-centre' does not back its budget",
        ),
        (
            "article_statements.yaml",
            "backs: [{record: SM-02, field: title}]",
            "backs: [{record: SM-02, field: title}, {record: SM-02, field: status}]",
            "backs ('SM-02', 'status'), which the record does not list",
        ),
        (
            "plan_02_oriental.yaml",
            "programme: prim-oriental-cells-2024-08",
            "programme: press-article-2023-10-31",
            "not a public source",
        ),
        (
            "sources.yaml",
            "url: https://www.oujdacity.net",
            "url: http://www.oujdacity.net",
            "a public source needs its https:// address",
        ),
    ],
)
def test_unbacked_claims_are_refused_by_the_seed(tmp_path, name, old, new, message):
    with pytest.raises(SeedDataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_demo(territory_index(), _edited_data(tmp_path, name, old, new))


def test_the_database_refuses_article_without_statement_and_recorded_without_whom(db_engine):
    rows = [
        {"provenance": Provenance.ARTICLE},
        {"provenance": Provenance.PUBLIC},
        {"provenance": Provenance.RECORDED, "recorded_by": "someone"},
    ]
    for row in rows:
        with pytest.raises(IntegrityError), Session(db_engine) as session, session.begin():
            session.execute(
                insert(FieldProvenance),
                [{"entity": "measure", "entity_id": 1, "field": "status", **row}],
            )


def _update(engine, measure, **values):
    current = {
        "status": measure.status,
        "progress": measure.progress,
        "actual_start": measure.actual_start,
        "actual_end": measure.actual_end,
        "budget_paid": measure.budget_paid,
        "note_lang": "fr",
    }
    return update_measure(
        engine,
        actor=EDITOR_09,
        measure_id=measure.id,
        expected_version=measure.version,
        change=MeasureChange(**(current | values)),
        today=TODAY,
    )


def _provenance(engine, measure):
    with Session(engine) as session:
        return field_sources(session, "measure", measure.id, measure.provenance)


def test_an_update_turns_the_changed_fields_to_recorded(db_engine):
    measure = measure_where(db_engine, code="SM-02")
    before = _provenance(db_engine, measure)
    _update(db_engine, measure, progress=measure.progress + 5, budget_paid=measure.budget_paid)
    after = _provenance(db_engine, measure)
    assert after["progress"].provenance == Provenance.RECORDED
    # The test actor has no account row, so its login name stands for its display name.
    assert after["progress"].recorded_by == EDITOR_09.username
    assert after["progress"].recorded_at is not None
    assert {f: s for f, s in after.items() if f != "progress"} == {
        f: s for f, s in before.items() if f != "progress"
    }

    measure = measure_where(db_engine, code="SM-02")
    _update(db_engine, measure, status="suspended", budget_paid=measure.budget_paid + 1)
    again = _provenance(db_engine, measure)
    assert {f for f, s in again.items() if s.provenance == Provenance.RECORDED} == {
        "progress",
        "status",
        "budget",
    }
    assert again["title"].provenance == Provenance.ARTICLE


def test_a_note_alone_or_a_refused_update_records_nothing(db_engine):
    measure = measure_where(db_engine, code="SM-02")
    before = _provenance(db_engine, measure)
    _update(db_engine, measure, note="Réunion de suivi tenue.")
    measure = measure_where(db_engine, code="SM-02")
    with pytest.raises(ValidationFailed):
        _update(db_engine, measure, progress=measure.progress + 5, status="planned")
    assert _provenance(db_engine, measure) == before


def test_lists_and_charts_count_the_illustrative_values_they_show(engine):
    found = seeded_fields(engine)
    made_up = {
        code
        for code, fields in found.items()
        if "progress" in fields
        and Provenance.ILLUSTRATIVE in (fields["status"].provenance, fields["progress"].provenance)
    }
    with Session(engine) as session:
        head = overview.headline(session, MeasureFilter(), TODAY)
        rows = measures.list_measures(session, MeasureFilter(), TODAY, page_size=100).rows
    assert 0 < head.illustrative == len(made_up) <= head.total
    marks = dict(zip(rows["code"], illustrative_marks("fr", rows), strict=True))
    assert marks["OR-01"] == "illustratif"
    assert marks["SM-02"].startswith("illustratif: ") and "Statut" in marks["SM-02"]
    assert "Intitulé" not in marks["SM-02"] and marks["SM-03"] != marks["OR-01"]
    measure = measure_where(engine, code="SM-05")
    assert measure.status == "in_progress"
    _update(engine, measure, status="suspended", progress=measure.progress + 1)
    with Session(engine) as session:
        after = overview.headline(session, MeasureFilter(), TODAY).illustrative
        row = measures.list_measures(session, MeasureFilter(text="SM-05"), TODAY).rows
    assert after == head.illustrative - 1
    mark = illustrative_marks("fr", row)[0]
    assert "Statut" not in mark and "Avancement" not in mark and "Intitulé" in mark
