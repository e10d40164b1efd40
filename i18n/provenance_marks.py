"""The words that mark illustrative values in lists, charts and exports."""

import pandas as pd

from i18n.catalog import translate
from models.codes import Provenance
from models.sources import MEASURE_FIELDS

# The message naming each field of a measure that may carry its own provenance.
FIELD_MESSAGES = {
    "title": "column.title",
    "description": "field.description",
    "status": "field.status",
    "progress": "field.progress",
    "programme": "column.programme",
    "lead_institution": "field.lead_institution",
    "partners": "field.partners",
    "pdr_reference": "field.pdr_reference",
    "tags": "field.tags",
    "planned": "field.planned",
    "actual": "field.actual",
    "budget": "column.budget",
}


def illustrative_fields(provenance: str, illustrative, recorded) -> list[str]:
    """The fields of a measure whose values are illustrative, in MEASURE_FIELDS order.

    `illustrative` and `recorded` are the space-separated fields with a row of that provenance;
    every other field has the record's provenance.
    """
    recorded_set = set(_words(recorded))
    if provenance == Provenance.ILLUSTRATIVE:
        return [f for f in MEASURE_FIELDS if f not in recorded_set]
    named = set(_words(illustrative))
    return [f for f in MEASURE_FIELDS if f in named]


def _words(value) -> list[str]:
    # A frame gives None or NaN where a measure has no such row.
    return value.split() if isinstance(value, str) else []


def illustrative_mark(lang: str, fields: list[str]) -> str:
    """The mark of a row's illustrative values: empty, "illustrative", or the fields named."""
    if not fields:
        return ""
    word = translate(lang, "marker.illustrative")
    if len(fields) == len(MEASURE_FIELDS):
        return word
    names = ", ".join(translate(lang, FIELD_MESSAGES[f]) for f in fields)
    return f"{word}: {names}"


def illustrative_marks(lang: str, frame: pd.DataFrame) -> list[str]:
    """The mark of each row of a measure list (provenance, illustrative_fields, recorded_fields)."""
    columns = (frame["provenance"], frame["illustrative_fields"], frame["recorded_fields"])
    return [
        illustrative_mark(lang, illustrative_fields(p, i, r))
        for p, i, r in zip(*columns, strict=True)
    ]
