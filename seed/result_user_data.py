"""Results data the demo seed did not write: what people reported, revised, added or locked."""

# The demo results play their approval out in the names of the demo editors and validators
# (seed/results.py), so the seed's audit entries on them (each value's steps, each target
# revision) and its target revisions are known by a demo account's name at STAMP_TIME; the app
# stamps a step with the moment it is taken, and records what people add as `recorded`. Every
# step bumps a value's version and every target revision an indicator's: a value is as the seed
# left it while its version counts its seeded steps and its last save is at STAMP_TIME.

from collections import Counter

from sqlalchemy import func, select
from sqlmodel import Session

from models import ChangeLog, Indicator, IndicatorValue, ReportingPeriod, Result, TargetRevision
from models.codes import Provenance
from seed.accounts import DEMO_ACCOUNTS
from seed.history import stamped

DEMO_USERS = frozenset(account[0] for account in DEMO_ACCOUNTS)
# What the seed's audit entries on the demo results are about.
RESULT_ENTITIES = ("indicatorvalue", "indicator")


def _seeded_entries(session: Session) -> list[tuple[int, str, int]]:
    """(id, entity, entity id) of the seed's audit entries on the demo results."""
    rows = session.execute(
        select(
            ChangeLog.id, ChangeLog.entity, ChangeLog.entity_id, ChangeLog.actor, ChangeLog.at
        ).where(ChangeLog.entity.in_(RESULT_ENTITIES))
    )
    return [
        (id_, entity, of)
        for id_, entity, of, actor, at in rows.all()
        if actor in DEMO_USERS and stamped(at)
    ]


def seeded_audit_ids(session: Session) -> list[int]:
    """Ids of the seed's audit entries on the demo results (`seed --force` writes them anew)."""
    return [id_ for id_, _, _ in _seeded_entries(session)]


def count_result_data(session: Session) -> tuple[dict[str, int], int]:
    """Results rows of each kind the seed did not write, and how many audit entries it did."""
    steps = Counter((entity, of) for _, entity, of in _seeded_entries(session))
    values = session.execute(
        select(
            IndicatorValue.id,
            IndicatorValue.version,
            IndicatorValue.provenance,
            IndicatorValue.updated_at,
        )
    )
    revisions = session.execute(select(TargetRevision.revised_by, TargetRevision.revised_at))
    indicators = session.execute(select(Indicator.id, Indicator.version, Indicator.provenance))
    results = session.execute(select(Result.version, Result.provenance))
    counts = {
        "reported values": sum(
            provenance == Provenance.RECORDED
            or version != steps["indicatorvalue", id_]
            or not stamped(at)
            for id_, version, provenance, at in values.all()
        ),
        "target revisions": sum(
            not (by in DEMO_USERS and stamped(at)) for by, at in revisions.all()
        ),
        "results and indicators": sum(
            provenance == Provenance.RECORDED or version != 1 + steps["indicator", id_]
            for id_, version, provenance in indicators.all()
        )
        + sum(
            provenance == Provenance.RECORDED or version != 1
            for version, provenance in results.all()
        ),
        # The seed never changes a period once made (a lock by the app bumps its version).
        "changed periods": session.scalar(
            select(func.count()).select_from(ReportingPeriod).where(ReportingPeriod.version != 1)
        ),
    }
    return counts, sum(steps.values())
