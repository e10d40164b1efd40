"""The source registry, the press article's statements and the provenance of each field."""

# sources.yaml holds the registry; article_statements.yaml the article's statements, each with
# the (record, field) pairs it backs. A measure, strategy or committee names under
# `article: {field: statement}` and `public: {field: source}` the fields a source backs; every
# other field of an `article` or `public` record is `illustrative`. Illustrative records need
# no rows: their provenance holds. Records are named by measure code, `strategy-<region>` and
# `committee-<region>-<position in its file>`.

from pathlib import Path
from typing import Any

from models.codes import Provenance
from models.sources import ENTITY_FIELDS, SOURCE_KINDS
from seed import fields

ISO_PRECISIONS = (4, 7, 10)


def read_sources(data_dir: Path, load_yaml) -> list[dict[str, Any]]:
    """Source rows of sources.yaml."""
    rows = []
    for raw in load_yaml(data_dir / "sources.yaml").get("sources") or []:
        where = f"sources.yaml, source {raw.get('key')}"
        published = str(raw.get("published") or "")
        accessed = fields.date(raw, "accessed", where, required=not published)
        if published and len(published) not in ISO_PRECISIONS:
            fields.fail(where, f"published {published!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        row = {
            "key": fields.text(raw, "key", where),
            "kind": fields.choice(raw, "kind", tuple(SOURCE_KINDS), where),
            "publisher": fields.text(raw, "publisher", where),
            **fields.titles(raw, "title", where),
            "published": published,
            "accessed": accessed,
            "url": str(raw.get("url") or "").strip(),
            "language": fields.text(raw, "language", where),
        }
        if row["kind"] == Provenance.PUBLIC and not row["url"].startswith("https://"):
            fields.fail(where, "a public source needs its https:// address")
        rows.append(row)
    return rows


def read_statements(data_dir: Path, load_yaml) -> tuple[str, dict[str, dict[str, Any]]]:
    """The article's source key and its statements by key."""
    doc = load_yaml(data_dir / "article_statements.yaml")
    statements = {}
    for raw in doc.get("statements") or []:
        where = f"article_statements.yaml, statement {raw.get('key')}"
        backs = frozenset((b["record"], b["field"]) for b in raw.get("backs") or [])
        statements[fields.text(raw, "key", where)] = {
            "quote": fields.text(raw, "quote", where),
            "backs": backs,
        }
    return fields.text(doc, "source", "article_statements.yaml"), statements


def claims(
    raw: dict[str, Any], record_provenance: str, where: str, entity: str = "measure"
) -> dict[str, dict]:
    """The `article` and `public` field maps of a record, checked for shape."""
    found = {}
    for kind in SOURCE_KINDS:
        named = raw.get(kind) or {}
        if named and record_provenance != kind:
            fields.fail(where, f"only a record of provenance {kind!r} may list {kind} fields")
        for field in named:
            if field not in ENTITY_FIELDS[entity]:
                fields.fail(where, f"unknown field {field!r} under {kind}")
        found[kind] = dict(named)
    return found


def field_rows(
    record: tuple[str, str], provenance: str, claimed: dict, sources: dict[str, str], article
) -> list[dict[str, Any]]:
    """Field rows of one (entity, record key): {field, provenance, source_key, statement}."""
    if provenance not in SOURCE_KINDS:
        return []
    article_key, statements = article
    entity, code = record
    where = f"{entity} {code}"
    rows = []
    for field in ENTITY_FIELDS[entity]:
        statement = claimed[Provenance.ARTICLE].get(field)
        source = claimed[Provenance.PUBLIC].get(field)
        if statement is not None:
            if (code, field) not in statements.get(statement, {}).get("backs", ()):
                fields.fail(where, f"statement {statement!r} does not back its {field}")
            rows.append(_row(field, Provenance.ARTICLE, article_key, statement))
        elif source is not None:
            if sources.get(source) != Provenance.PUBLIC:
                fields.fail(where, f"{field}: {source!r} is not a public source of sources.yaml")
            rows.append(_row(field, Provenance.PUBLIC, source, None))
        else:
            rows.append(_row(field, Provenance.ILLUSTRATIVE, None, None))
    return rows


def check_statements_claimed(statements: dict[str, dict], claimed: set[tuple[str, str]]) -> None:
    """Every pair a statement backs is claimed by its record, so the two lists agree."""
    for key, statement in statements.items():
        for pair in statement["backs"] - claimed:
            fields.fail(f"statement {key}", f"backs {pair}, which the record does not list")


def _row(field: str, provenance: str, source: str | None, statement: str | None) -> dict:
    return {"field": field, "provenance": provenance, "source_key": source, "statement": statement}


def read(data_dir: Path, load_yaml, measures) -> tuple[list[dict], dict[tuple, list[dict]]]:
    """The source rows, and the field rows of each (entity, record key) that has any."""
    sources = read_sources(data_dir, load_yaml)
    article = read_statements(data_dir, load_yaml)
    kinds = {s["key"]: s["kind"] for s in sources}
    if kinds.get(article[0]) != Provenance.ARTICLE:
        fields.fail("article_statements.yaml", f"{article[0]!r} is not an article source")
    records = {("measure", m.row["code"]): (m.row["provenance"], m.claims) for m in measures}
    for path in sorted(data_dir.glob("plan_*.yaml")):
        records |= _plan_records(load_yaml(path), path.name)
    rows = {
        record: found
        for record, (provenance, claimed) in records.items()
        if (found := field_rows(record, provenance, claimed, kinds, article))
    }
    check_statements_claimed(article[1], _statement_pairs(rows))
    return sources, rows


def _plan_records(doc: dict[str, Any], source: str) -> dict[tuple[str, str], tuple]:
    """A plan file's strategy and committees: (entity, key) -> (provenance, claims)."""
    found = {}
    region = doc.get("region")
    if doc.get("strategy") is not None:
        raw, where = doc["strategy"], f"{source}, strategy"
        found[("strategy", f"strategy-{region}")] = (
            raw["provenance"],
            claims(raw, raw["provenance"], where, "strategy"),
        )
    for position, raw in enumerate(doc.get("committees") or [], 1):
        key, where = f"committee-{region}-{position}", f"{source}, committee {position}"
        found[("committee", key)] = (
            raw["provenance"],
            claims(raw, raw["provenance"], where, "committee"),
        )
    return found


def _statement_pairs(rows: dict[tuple, list[dict]]) -> set[tuple[str, str]]:
    return {
        (code, r["field"]) for (_, code), found in rows.items() for r in found if r["statement"]
    }
