"""The audit trail: who may read which region's changes and sign-ins, filters and bounds."""

from datetime import date

import pandas as pd
import pytest

from exports.audit_csv import change_rows
from services.accounts import create_user
from services.actors import ANONYMOUS
from services.audit import AuditFilter, audit_trail, scope
from services.auth import sign_in
from services.committee_writes import record_meeting
from services.committees import committees
from services.db import read_session
from services.errors import NotAllowed
from services.institutions import InstitutionDraft, add_institution
from services.measure_writes import MeasureChange, update_measure
from tests.helpers import ADMIN, EDITOR_05, EDITOR_09, TODAY, VIEWER, actor, measure_where

PASSWORD = "Quartz-Violet-Harbour-1984"


@pytest.fixture
def trail_db(db_engine):
    """The demo data (both backends) plus a change per pilot region and two accounts' sign-ins."""
    engine = db_engine
    for code, who in (("SM-02", EDITOR_09), ("BMK-01", EDITOR_05)):
        measure = measure_where(engine, code=code)
        update_measure(
            engine,
            actor=who,
            measure_id=measure.id,
            expected_version=measure.version,
            change=MeasureChange(
                status=measure.status, progress=measure.progress, note="audit", note_lang="fr"
            ),
            today=TODAY,
        )
    for username, region in (("ed09", "09"), ("ed05", "05")):
        create_user(
            engine,
            actor=ADMIN,
            username=username,
            display_name=username,
            password=PASSWORD,
            role="editor",
            regions=[region],
        )
        sign_in(engine, username=username, password=PASSWORD)
    return engine


def trail(engine, who, **filters):
    with read_session(engine) as session:
        return audit_trail(session, actor=who, flt=AuditFilter(**filters))


def test_admins_see_everything_including_accounts(trail_db):
    found = trail(trail_db, ADMIN)
    regions = set(found.changes["region_code"].dropna())
    assert {"02", "05", "09"} <= regions and found.changes["region_code"].isna().any()
    assert {"measure", "user"} <= set(found.changes["entity"])
    assert set(found.sign_ins["username"]) == {"ed09", "ed05"}
    assert list(found.changes["at"]) == sorted(found.changes["at"], reverse=True)


def test_an_editor_sees_only_their_regions(trail_db):
    found = trail(trail_db, EDITOR_09)
    assert set(found.changes["region_code"]) == {"09"}
    assert "user" not in set(found.changes["entity"])
    assert set(found.sign_ins["username"]) == {"ed09"}


@pytest.mark.parametrize(
    ("who", "region"), [(VIEWER, None), (ANONYMOUS, None), (EDITOR_09, "05"), (EDITOR_09, "99")]
)
def test_others_and_other_regions_are_refused(trail_db, who, region):
    with pytest.raises(NotAllowed):
        trail(trail_db, who, region=region)


def test_scope():
    assert scope(ADMIN, None) is None
    assert scope(ADMIN, "05") == ("05",)
    assert scope(actor("editor", "09", "02"), None) == ("02", "09")
    assert scope(actor("editor", "09", "02"), "02") == ("02",)
    with pytest.raises(NotAllowed):
        scope(actor("editor"), None)


def test_filters_by_user_region_and_days(trail_db):
    mine = trail(trail_db, ADMIN, username=f" {EDITOR_09.username.upper()} ")
    assert set(mine.changes["actor"]) == {EDITOR_09.username}
    assert list(mine.changes["note_fr"]) == ["audit"]
    assert trail(trail_db, ADMIN, region="05").changes["region_code"].eq("05").all()
    seeded = trail(trail_db, ADMIN, username="seed", until=date(2025, 12, 31))
    assert not seeded.changes.empty
    assert all(at.date() <= date(2025, 12, 31) for at in seeded.changes["at"])
    later = trail(trail_db, ADMIN, username="seed", since=date(2026, 1, 1))
    assert all(at.date() >= date(2026, 1, 1) for at in later.changes["at"])
    every = trail(trail_db, ADMIN, username="seed").changes
    assert len(seeded.changes) + len(later.changes) == len(every)


def test_the_trail_is_bounded(trail_db):
    with read_session(trail_db) as session:
        found = audit_trail(session, actor=ADMIN, flt=AuditFilter(), limit=10)
    assert len(found.changes) == 10 and found.truncated


def test_pages_follow_each_other_newest_first_without_gap_or_repeat(trail_db):
    with read_session(trail_db) as session:
        # The demo's results alone leave some 1,400 approval steps in the trail.
        every = audit_trail(session, actor=ADMIN, flt=AuditFilter(), limit=5000)
        pages = [
            audit_trail(session, actor=ADMIN, flt=AuditFilter(), limit=7, page=n) for n in (1, 2, 3)
        ]
    assert len(every.changes) > 21 and not every.truncated
    joined = pd.concat([p.changes for p in pages], ignore_index=True)
    expected = every.changes.head(21).reset_index(drop=True)
    assert joined[["at", "actor", "reference", "action"]].equals(
        expected[["at", "actor", "reference", "action"]]
    )
    assert all(p.truncated for p in pages)
    last = -(-len(every.changes) // 7)
    with read_session(trail_db) as session:
        end = audit_trail(session, actor=ADMIN, flt=AuditFilter(), limit=7, page=last)
    assert not end.truncated and 0 < len(end.changes) <= 7


def test_committee_changes_carry_their_region(trail_db):
    with read_session(trail_db) as session:
        committee_id = int(committees(session, "09", TODAY)["id"].iloc[0])
    record_meeting(
        trail_db,
        actor=EDITOR_09,
        committee_id=committee_id,
        held_on=TODAY,
        attendance=9,
        summary="Point d'étape",
        decisions=[],
        language="fr",
        today=TODAY,
    )
    found = trail(trail_db, EDITOR_09)
    assert "meeting" in set(found.changes["entity"])
    assert "meeting" not in set(trail(trail_db, EDITOR_05).changes["entity"])


def test_an_added_institution_is_in_the_trail_in_the_reader_s_words(trail_db):
    add_institution(trail_db, actor=EDITOR_09, draft=InstitutionDraft("جمعية الأمل", "ar"))
    found = trail(trail_db, ADMIN, username=EDITOR_09.username)
    added = found.changes[found.changes["entity"] == "institution"]
    shown = change_rows(added, "fr", {})
    assert list(shown["what"]) == ["Institution ajoutée au registre"]
    assert "جمعية الأمل" in shown["detail"].iloc[0] and "arabe" in shown["detail"].iloc[0]
