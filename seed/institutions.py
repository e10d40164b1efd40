"""Read the institution registry of the demo (institutions.yaml), checked, keyed for references."""

import re
from typing import Any

from models.codes import InstitutionKind
from seed import fields
from seed.history import HISTORY_START, SEED_USER, stamp

KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Rows that name an institution, by column; the readers put its key there, the loader its id.
REFERENCES = (
    "lead_institution_id",
    "chair_institution_id",
    "institution_id",
    "owner_institution_id",
)


def read_institutions(doc: dict[str, Any], source: str) -> dict[str, dict[str, Any]]:
    """Institution rows by key."""
    rows: dict[str, dict[str, Any]] = {}
    for raw in doc.get("institutions") or []:
        where = f"{source}, institution {raw.get('key')!r}"
        key = fields.text(raw, "key", where)
        if not KEY.fullmatch(key) or key in rows:
            fields.fail(where, "a key is lower-case letters, digits and hyphens, used once")
        rows[key] = {
            "acronym": str(raw.get("acronym") or "").strip(),
            "kind": fields.choice(raw, "kind", tuple(InstitutionKind), where),
            **_names(raw, where),
            "created_at": stamp(HISTORY_START),
            "created_by": SEED_USER,
        }
    return rows


def _names(raw: dict[str, Any], where: str) -> dict[str, str]:
    names = fields.titles(raw, "name", where)
    if not names["name_en"]:
        fields.fail(where, "missing English name (name.en)")
    return names


def reference(raw: dict[str, Any], key: str, known: frozenset[str], where: str) -> str:
    """The registry key a record names under `key`, which must exist."""
    value = fields.text(raw, key, where)
    if value not in known:
        fields.fail(where, f"{key} {value!r} is not a key of institutions.yaml")
    return value


def references(raw: dict[str, Any], key: str, known: frozenset[str], where: str) -> list[str]:
    """The registry keys a record lists under `key`, each existing and listed once."""
    values = raw.get(key) or []
    if not isinstance(values, list) or len(set(values)) != len(values):
        fields.fail(where, f"{key} must list institution keys, each once")
    return [reference({key: v}, key, known, where) for v in values]


def resolve(row: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    """The row with institution keys replaced by their ids."""
    return {k: ids[v] if k in REFERENCES and v is not None else v for k, v in row.items()}
