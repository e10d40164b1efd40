"""What each editable record of the plan holds and how each field is checked (record_writes.py
saves them): strategies, axes, committees, members, programmes and institutions."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from models import (
    Axis,
    Committee,
    CommitteeMember,
    Institution,
    Programme,
    Province,
    Region,
    Strategy,
)
from models.codes import (
    CommitteeKind,
    CommitteeRole,
    InstitutionKind,
    ProgrammeEnd,
    StrategyStatus,
)
from models.limits import (
    ACRONYM_MAX,
    BUDGET_MAX,
    DESCRIPTION_MAX,
    INSTITUTION_NAME_MAX,
    TITLE_MAX,
    URL_MAX,
)
from services import validation
from services.errors import Problem

LANGS = ("fr", "ar", "en")
YEARS = (2000, 2100)
# A check takes the field's name, the value typed and today; it returns the value and problems.
Check = Callable[[str, object, date], tuple[object, list[Problem]]]


def text(max_length: int, required: bool = False) -> Check:
    """Free text up to `max_length` characters."""
    return lambda name, value, _today: validation.text(
        name, value, max_length=max_length, required=required
    )


def whole(low: int, high: int) -> Check:
    """A whole number within bounds."""
    return lambda name, value, _today: validation.whole_number(name, value, low=low, high=high)


def day(required: bool = False, past: bool = False) -> Check:
    """A calendar date (one that has happened, with `past`)."""

    def check(name: str, value: object, today: date):
        if value is None and required:
            return None, [Problem(name, "error.required")]
        if past:
            return validation.past_date(name, value, today)
        return validation.optional_date(name, value, today)

    return check


def code(values, required: bool = True) -> Check:
    """One value of a code list."""
    allowed = {str(v) for v in values}

    def check(name: str, value: object, _today: date):
        if value is None and not required:
            return None, []
        if value not in allowed:
            return value, [Problem(name, "error.unknown_choice")]
        return str(value), []

    return check


def key(required: bool = True) -> Check:
    """The code or id of another record (record_writes.py checks that it exists)."""

    def check(name: str, value: object, _today: date):
        if value is None or value == "":
            return None, [Problem(name, "error.required")] if required else []
        if isinstance(value, bool) or not isinstance(value, str | int):
            return value, [Problem(name, "error.unknown_choice")]
        return value, []

    return check


def link(name: str, value: object, _today: date):
    """An optional http(s) address."""
    return validation.url(name, value, max_length=URL_MAX)


def currency(name: str, value: object, _today: date):
    """A three-letter ISO 4217 code, in capitals."""
    if not isinstance(value, str) or len(value) != 3 or not value.isascii() or not value.isupper():
        return value, [Problem(name, "error.currency")]
    return value, []


def localized(prefix: str, max_length: int) -> dict[str, Check]:
    """The three language columns of one text (`title_fr`, `title_ar`, `title_en`)."""
    return {f"{prefix}_{lang}": text(max_length) for lang in LANGS}


@dataclass(frozen=True)
class Kind:
    """One kind of record: its table, its checked fields and where its region comes from."""

    table: type
    fields: dict[str, Check]
    named: str  # the text one language at least must give ("title" or "name")
    parent: tuple[str, type] | None = None  # (column, table) whose region is the record's
    fixed: tuple[str, ...] = ()  # set when created, never changed (what it belongs to)
    refs: dict[str, type] = field(default_factory=dict)  # columns naming another record
    admin_only: bool = False
    # Columns with a field provenance of their own (models.sources), by that field's name.
    provenance: dict[str, str] = field(default_factory=dict)
    ordered: tuple[tuple[str, str], ...] = ()  # (first, last) pairs: last not before first
    unique: tuple[str, ...] = ()  # columns no two records of the same parent may share


def _grouped(prefix: str) -> dict[str, str]:
    return {f"{prefix}_{lang}": prefix for lang in LANGS}


KINDS = {
    "strategy": Kind(
        Strategy,
        {
            "region_code": key(),
            **localized("title", TITLE_MAX),
            **localized("summary", DESCRIPTION_MAX),
            "adopted_on": day(past=True),
            "horizon_start": whole(*YEARS),
            "horizon_end": whole(*YEARS),
            "status": code(list(StrategyStatus)),
            **localized("pdr_reference", TITLE_MAX),
            "pdr_url": link,
        },
        named="title",
        fixed=("region_code",),
        refs={"region_code": Region},
        provenance=_grouped("title")
        | _grouped("summary")
        | _grouped("pdr_reference")
        | {"adopted_on": "adopted_on", "horizon_start": "horizon", "horizon_end": "horizon"}
        | {"status": "status", "pdr_url": "pdr_reference"},
        ordered=(("horizon_start", "horizon_end"),),
    ),
    "axis": Kind(
        Axis,
        {
            "strategy_id": key(),
            "code": text(10, required=True),
            "position": whole(0, 99),
            **localized("title", TITLE_MAX),
        },
        named="title",
        parent=("strategy_id", Strategy),
        fixed=("strategy_id",),
        refs={"strategy_id": Strategy},
        unique=("code",),
    ),
    "committee": Kind(
        Committee,
        {
            "region_code": key(),
            "province_code": key(required=False),
            "kind": code(list(CommitteeKind)),
            **localized("name", TITLE_MAX),
            **localized("mandate", DESCRIPTION_MAX),
            "established_on": day(past=True),
            "chair_institution_id": key(required=False),
        },
        named="name",
        fixed=("region_code",),
        refs={
            "region_code": Region,
            "province_code": Province,
            "chair_institution_id": Institution,
        },
        provenance=_grouped("name")
        | _grouped("mandate")
        | {"established_on": "established_on", "chair_institution_id": "chair"},
    ),
    "committeemember": Kind(
        CommitteeMember,
        {
            "committee_id": key(),
            "institution_id": key(),
            "role": code(list(CommitteeRole)),
        },
        named="",
        parent=("committee_id", Committee),
        fixed=("committee_id",),
        refs={"committee_id": Committee, "institution_id": Institution},
        unique=("institution_id",),
    ),
    "programme": Kind(
        Programme,
        {
            "code": text(40, required=True),
            **localized("name", TITLE_MAX),
            "donor": text(200, required=True),
            "implementer": text(200, required=True),
            "budget": whole(0, BUDGET_MAX),
            "currency": currency,
            "start_on": day(required=True),
            "end_on": day(required=True),
            "end_status": code(list(ProgrammeEnd)),
            "dac_code": text(5),
        },
        named="name",
        admin_only=True,
        ordered=(("start_on", "end_on"),),
        unique=("code",),
    ),
    "institution": Kind(
        Institution,
        {
            "acronym": text(ACRONYM_MAX),
            "kind": code(list(InstitutionKind)),
            **localized("name", INSTITUTION_NAME_MAX),
        },
        named="name",
        admin_only=True,
    ),
}
