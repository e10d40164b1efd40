"""Issue 11's corrections of the demo data, each checked on the seeded database."""

from datetime import date

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from i18n.catalog import label
from models import (
    Axis,
    Committee,
    CommitteeMember,
    Decision,
    Institution,
    Measure,
    MeasurePartner,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    Programme,
    Source,
    Strategy,
)
from models.codes import (
    LANGUAGES,
    SDG_TARGETS,
    MeasureStatus,
    ProgrammeEnd,
    Provenance,
    TagScheme,
)
from services.db import make_engine
from services.provenance import field_sources

ROYAL_SPEECH = date(2022, 8, 20)
PRIM_CELLS = {
    "OR-02": "Oujda",
    "OR-03": "Nador",
    "OR-04": "Berkane",
    "OR-05": "Driouch",
    "OR-06": "Guercif",
    "OR-07": "Figuig",
}
PRIM_COMMUNIQUE = "La région de l'Oriental se dote d'un dispositif territorial"
TEXT_TABLES = (
    Programme,
    Strategy,
    Axis,
    Measure,
    MeasureUpdate,
    Committee,
    CommitteeMember,
    Meeting,
    Decision,
    Institution,
    Source,
)


@pytest.fixture(scope="module")
def seeded(seeded_template):
    """Every seeded row by table, measures by code, and each measure's field provenance."""
    engine = make_engine(f"sqlite:///{seeded_template}")
    with Session(engine) as session:
        rows = {model: session.scalars(select(model)).all() for model in TEXT_TABLES}
        measures = {m.code: m for m in rows[Measure]}
        names = {i.id: i.name_fr for i in rows[Institution]}
        partners = {}
        for measure_id, institution_id in session.execute(
            select(MeasurePartner.measure_id, MeasurePartner.institution_id).order_by(
                MeasurePartner.position
            )
        ):
            partners.setdefault(measure_id, []).append(names[institution_id])
        fields = {
            code: field_sources(session, "measure", m.id, m.provenance)
            for code, m in measures.items()
        }
        strategies = {s.region_code: s for s in rows[Strategy]}
        strategy_fields = {
            region: field_sources(session, "strategy", s.id, s.provenance)
            for region, s in strategies.items()
        }
    engine.dispose()
    return {
        "rows": rows,
        "measures": measures,
        "fields": fields,
        "strategies": strategies,
        "strategy_fields": strategy_fields,
        "programmes": {p.code: p for p in rows[Programme]},
        "updates": rows[MeasureUpdate],
        "partners": {code: "; ".join(partners.get(m.id, [])) for code, m in measures.items()},
        "leads": {code: names.get(m.lead_institution_id, "") for code, m in measures.items()},
        "sources": {s.key: s for s in rows[Source]},
    }


def seeded_texts(seeded) -> list[tuple[str, str]]:
    """(table, text) for every text column of every seeded row a person reads."""
    return [
        (type(row).__name__, value)
        for rows in seeded["rows"].values()
        for row in rows
        for value in row.model_dump().values()
        if isinstance(value, str)
    ]


def test_the_source_is_the_press_article_not_a_workshop_report(seeded):
    texts = seeded_texts(seeded)
    for table, text in texts:
        lowered = text.lower()
        assert "rapport de l'atelier" not in lowered and "workshop report" not in lowered, table
    citing = [text for _, text in texts if "article de presse (MAP)" in text]
    assert len(citing) >= 8
    for code in ("BMK-01", "BMK-02", "BMK-03", "BMK-04", "BMK-05", "SM-01", "SM-02", "NAT-01"):
        assert "article de presse (MAP)" in seeded["measures"][code].description_fr, code
    committee = next(c for c in seeded["rows"][Committee] if c.provenance == Provenance.ARTICLE)
    assert "article de presse (MAP)" in committee.mandate_fr


def test_bmk_has_migration_in_its_planning_not_a_strategy_and_the_observatory_as_quoted(seeded):
    strategy, found = seeded["strategies"]["05"], seeded["strategy_fields"]["05"]
    assert "stratégie" not in strategy.title_fr.lower()
    assert "الاستراتيجية" not in strategy.title_ar and "strategy" not in strategy.title_en
    assert "التخطيط الجهوي" in strategy.title_ar and "planification régionale" in strategy.title_fr
    assert (found["title"].provenance, found["title"].statement) == ("article", "bmk-planning")
    assert found["status"].provenance == found["adopted_on"].provenance == "illustrative"
    observatory, said = seeded["measures"]["BMK-01"], seeded["fields"]["BMK-01"]["title"]
    assert observatory.title_ar == "مرصد جهوي حول الديناميات والفوارق المجالية"
    assert "territorial dynamics and disparities" in observatory.title_en
    assert "migrat" not in observatory.title_fr + observatory.title_en
    assert (said.provenance, said.statement) == ("article", "bmk-observatory")
    assert "dynamiques migratoires" not in strategy.summary_fr
    assert "الهجروية" not in strategy.summary_ar + observatory.title_ar


def test_depomi_ends_extended_to_april_2025_not_31_march_2023(seeded):
    depomi = seeded["programmes"]["DEPOMI"]
    assert depomi.end_on == date(2025, 4, 29) and depomi.end_status == ProgrammeEnd.EXTENDED
    assert depomi.provenance == Provenance.PUBLIC
    assert seeded["sources"]["enabel-depomi-post-earthquake"].url.startswith("https://")


def test_a_mad_amount_is_only_stored_with_its_rate_date_and_source(seeded, db_engine):
    # No public rate date backs "about 86,288,000 MAD": the budgets stay in euros.
    for programme in seeded["programmes"].values():
        assert programme.currency == "EUR" and programme.budget_mad is None
    with Session(db_engine) as session, pytest.raises(IntegrityError):
        session.execute(
            update(Programme).where(Programme.code == "DEPOMI").values(budget_mad=86_288_000)
        )
        session.commit()


def test_prim_end_unverified_and_oriental_communal_cells_complete_by_august_2024(seeded):
    assert seeded["programmes"]["PRIM"].end_on > date(2024, 12, 31)
    assert seeded["programmes"]["PRIM"].end_status == ProgrammeEnd.UNVERIFIED
    name = "Cellule communale d'accueil, d'accompagnement et d'orientation"
    for code, town in PRIM_CELLS.items():
        cell, found = seeded["measures"][code], seeded["fields"][code]
        assert cell.title_fr.startswith(name) and cell.title_fr.endswith(town), code
        assert "الخلية الجماعية للاستقبال والمواكبة والتوجيه" in cell.title_ar, code
        assert cell.status == MeasureStatus.COMPLETED, code
        assert cell.actual_end <= date(2024, 8, 31), code
        for field in ("title", "status", "programme"):
            assert found[field].provenance == Provenance.PUBLIC, (code, field)
            assert found[field].source_fr.startswith(PRIM_COMMUNIQUE), (code, field)
            assert found[field].source_url.startswith("https://"), (code, field)
        assert found["actual"].provenance == Provenance.ILLUSTRATIVE, code


def test_no_invented_measure_is_linked_to_a_real_programme_unless_the_link_is_illustrative(
    seeded,
):
    linked = {m.code for m in seeded["measures"].values() if m.programme_id is not None}
    assert len(linked) >= 10
    for code in linked:
        found = seeded["fields"][code]
        if found["title"].provenance == Provenance.ILLUSTRATIVE:
            assert found["programme"].provenance == Provenance.ILLUSTRATIVE, code
        elif found["programme"].provenance != Provenance.ILLUSTRATIVE:
            assert found["programme"].source_fr, code
    assert seeded["fields"]["SM-01"]["programme"].statement == "sm-committee"
    assert seeded["fields"]["BMK-05"]["programme"].provenance == Provenance.ILLUSTRATIVE


def test_belfaa_baom_cites_both_migrations_developpement_and_enabel(seeded):
    baom, found = seeded["measures"]["SM-04"], seeded["fields"]["SM-04"]
    assert "(BAOM)" in baom.title_fr and "BAOM" in baom.title_en
    assert "المهاجرين والمهاجرات" in baom.title_ar
    assert seeded["partners"]["SM-04"] == "Migrations & Développement"
    assert "Migrations & Développement" in baom.description_fr and "Enabel" in baom.description_fr
    assert "juin 2022" in baom.description_fr and "DEPOMI" in baom.description_fr
    prim, enabel = (
        seeded["sources"]["prim-baom-belfaa"],
        seeded["sources"]["enabel-depomi-souss-massa"],
    )
    for field in ("title", "lead_institution", "partners", "status"):
        assert (found[field].provenance, found[field].source_url) == ("public", prim.url), field
    assert (found["programme"].provenance, found["programme"].source_url) == ("public", enabel.url)
    assert found["budget"].provenance == found["actual"].provenance == "illustrative"


def test_mre_department_of_maecamre_and_dgct_replace_ended_names(seeded):
    for table, text in seeded_texts(seeded):
        assert "Ministère délégué" not in text, table
        assert "collectivités locales" not in text and "DGCL" not in text, table
    cooperation = seeded["partners"]["BMK-02"]
    assert "Marocains résidant à l'étranger (département des MRE)" in cooperation
    assert "Direction générale des collectivités territoriales" in cooperation
    assert "département des MRE" in seeded["partners"]["SM-11"]


def test_nat_measures_are_preparations_after_the_royal_speech_with_no_budget(seeded):
    for code in ("NAT-01", "NAT-02"):
        measure = seeded["measures"][code]
        assert measure.budget_planned is None and measure.budget_paid == 0, code
        assert measure.status != MeasureStatus.COMPLETED, code
        assert measure.planned_start >= ROYAL_SPEECH, code
        assert "20 août 2022" in measure.description_fr, code
        assert measure.title_fr.startswith("Préparer") and "إعداد" in measure.title_ar, code
        history = [u for u in seeded["updates"] if u.measure_id == measure.id]
        assert min(u.changed_at.date() for u in history) >= ROYAL_SPEECH, code
    mechanism = seeded["measures"]["NAT-01"]
    assert "Fondation Mohammedia" in mechanism.description_fr
    assert "Fondation Mohammedia" in seeded["partners"]["NAT-01"]
    assert "6 novembre 2024" in mechanism.description_fr


def test_sdg_tags_are_targets_not_indicators(db_engine):
    with Session(db_engine) as session:
        tags = session.execute(
            select(Measure.code, MeasureTag.code)
            .join(MeasureTag, MeasureTag.measure_id == Measure.id)
            .where(MeasureTag.scheme == TagScheme.SDG)
        ).all()
    codes = {code for _, code in tags}
    assert codes <= set(SDG_TARGETS) and {"10.7", "8.10", "17.18"} <= codes
    assert not {"10.7.2", "10.c.1"} & codes and "10.7.2" not in SDG_TARGETS
    assert ("BMK-03", "8.10") in tags and ("BMK-01", "17.18") in tags
    for lang in LANGUAGES:
        for target in SDG_TARGETS:
            assert label(lang, "sdg", target) != target, (lang, target)


def test_the_pdr_is_a_programme_de_developpement_regional_in_french_and_english(seeded):
    for table, text in seeded_texts(seeded):
        lowered = text.lower()
        assert "plan de développement régional" not in lowered, table
        assert "regional development plan" not in lowered, table
    souss_massa = seeded["strategies"]["09"]
    assert "programme de développement régional" in souss_massa.summary_fr
    assert "regional development programme" in souss_massa.summary_en


def test_mre_measures_carry_an_snmre_objective(db_engine):
    with Session(db_engine) as session:
        tags = session.execute(
            select(Measure.code, MeasureTag.code)
            .join(MeasureTag, MeasureTag.measure_id == Measure.id)
            .where(MeasureTag.scheme == TagScheme.SNMRE)
        ).all()
    tagged = {code for code, _ in tags}
    assert {"NAT-01", "NAT-02", "SM-11"} <= tagged
    assert {objective for _, objective in tags} <= {"identity", "rights", "development"}
    for lang in LANGUAGES:
        assert label(lang, "snmre", "development") != "development"


def test_institutions_and_roles_are_registry_entries_and_codes(seeded):
    names = [(i.name_fr, i.name_ar, i.name_en) for i in seeded["rows"][Institution]]
    assert len(names) == len(set(names)) >= 50
    assert all(fr and ar and en for fr, ar, en in names)
    assert all(m.lead_institution_id for m in seeded["measures"].values())
    roles = {m.role for m in seeded["rows"][CommitteeMember]}
    assert roles <= {"chair", "vice_chair", "member", "observer", "secretariat"}
    assert {"chair", "member"} <= roles


def test_intentions_of_the_article_are_not_shown_as_results(seeded):
    # "We work to facilitate financial inclusion... access to health services": an intention.
    for code in ("BMK-03", "BMK-04", "NAT-01", "NAT-02", "SM-02"):
        assert seeded["measures"][code].status != MeasureStatus.COMPLETED, code
        assert seeded["fields"][code]["status"].provenance == Provenance.ILLUSTRATIVE, code
