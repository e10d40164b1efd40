"""The reporting form: one indicator, period and territory; its amounts, every disaggregation it
asks for (each checked against the total), a comment and an evidence link.

Empty boxes stay empty: a dimension with no part typed is not reported yet (it must be before
the value is submitted), and a part left empty beside others is refused, never taken as zero.
"""

from dataclasses import replace

import streamlit as st

from models import limits
from models.codes import LANGUAGES
from models.result_codes import CATEGORIES, EDITABLE_STATUSES, IndicatorKind
from services.db import engine
from services.errors import Problem
from services.value_checks import ValueEntry
from services.value_writes import save_value
from ui import account, context, widgets
from ui.context import label, t
from ui.forms import NUMBER_FORMAT, Form, Shown, max_chars_help, number

DIMENSIONS = ("sex", "age", "status", "disability")
WORDS = {
    "total": "reporting.total",
    "numerator": "reporting.numerator",
    "denominator": "reporting.denominator",
}
SHORT_WORDS = {
    "numerator": "reporting.numerator_short",
    "denominator": "reporting.denominator_short",
}
# What a value that no longer changes is, said instead of its form.
SETTLED = {"submitted": "reporting.is_submitted", "validated": "reporting.is_validated"}
AMOUNTS = {
    IndicatorKind.UNIT: ("total",),
    IndicatorKind.PERCENTAGE: ("numerator", "denominator"),
    IndicatorKind.QUALITATIVE: (),
}


def dimensions(definition: dict) -> list[str]:
    """The disaggregations an indicator asks for, in the catalogue's order."""
    return [name for name in DIMENSIONS if definition[f"by_{name}"]]


def _part_boxes(definition: dict, dimension: str, category: str) -> list[str]:
    """The widget names of one part: a count, or a percentage's numerator and denominator."""
    name = f"parts.{dimension}.{category}"
    if definition["kind"] == IndicatorKind.PERCENTAGE:
        return [f"{name}.numerator", f"{name}.denominator"]
    return [name]


def _comment(stored: dict, lang: str) -> tuple[str, str]:
    """The stored comment in the reader's language, else the first one written, and its language."""
    for code in (lang, *LANGUAGES):
        if stored.get(f"comment_{code}"):
            return stored[f"comment_{code}"], code
    return "", lang


def _values(definition: dict, stored: dict | None, lang: str) -> dict:
    stored = stored or {}
    values = {name: number(stored.get(name)) for name in AMOUNTS[definition["kind"]]}
    parts = stored.get("parts", {})
    for dimension in dimensions(definition):
        for category in CATEGORIES[dimension]:
            numbers = parts.get((dimension, category), (None, None, None))
            boxes = _part_boxes(definition, dimension, category)
            picked = numbers[1:] if len(boxes) == 2 else numbers[:1]
            values |= {box: number(v) for box, v in zip(boxes, picked, strict=True)}
    comment, comment_lang = _comment(stored, lang)
    evidence = stored.get("evidence_url") or ""
    return values | {"comment": comment, "language": comment_lang, "evidence_url": evidence}


def render(definition: dict, period: dict, territory: str, stored: dict | None) -> None:
    """The form of one value, or what it is when it can no longer change."""
    key = f"value.{int(definition['id'])}.{int(period['id'])}.{territory}"
    form = Form(key)
    run = context.current()
    if not form.visible(run.actor.can_edit_region(definition["region_code"])):
        account.read_only_note("reporting.read_only")
        return
    if stored and stored["status"] not in EDITABLE_STATUSES and not form.just_submitted():
        st.info(t(SETTLED[stored["status"]]))
        return
    version = int(stored["version"]) if stored else None
    record = (int(definition["id"]), int(period["id"]), territory)
    form.prepare(Shown(record, version), _values(definition, stored, run.lang))
    with form.frame():
        _amounts(form, definition)
        if dimensions(definition):
            st.caption(t("reporting.parts_help"))
        for dimension in dimensions(definition):
            _dimension(form, definition, dimension)
        _texts(form, definition)
        submitted = form.submit(t("reporting.save"), type="primary")
    if submitted:
        form.save(
            lambda actor, shown: _save(form, definition, actor, shown),
            _confirm(definition),
            lambda problem: _placed(definition, problem),
        )
    form.conflict(t("reporting.reload"))


def _number_box(form: Form, name: str, text: str, where=st) -> None:
    # No minimum: a widget would silently clamp a negative count; the service refuses it.
    # value=None: a box emptied by the person stays empty (None), never Streamlit's 0.
    where.number_input(text, value=None, step=1.0, format=NUMBER_FORMAT, key=form.widget(name))
    form.slot(name, where)


def _amounts(form: Form, definition: dict) -> None:
    names = AMOUNTS[definition["kind"]]
    if not names:
        return
    columns = st.columns(len(names))
    for name, column in zip(names, columns, strict=True):
        _number_box(form, name, t(WORDS[name]), column)


def _dimension(form: Form, definition: dict, dimension: str) -> None:
    st.markdown(f"**{label('dimension', dimension)}**")
    categories = CATEGORIES[dimension]
    columns = st.columns(len(categories))
    for category, column in zip(categories, columns, strict=True):
        boxes = _part_boxes(definition, dimension, category)
        for box in boxes:
            words = label("category", category)
            if len(boxes) == 2:
                words = f"{words} · {t(SHORT_WORDS[box.rsplit('.', 1)[1]])}"
            _number_box(form, box, words, column)
    form.slot(f"parts.{dimension}")


def _texts(form: Form, definition: dict) -> None:
    required = definition["kind"] == IndicatorKind.QUALITATIVE
    comment, language = st.columns([4, 1])
    words = t("reporting.comment_required" if required else "reporting.comment")
    comment.text_area(words, help=max_chars_help(limits.COMMENT_MAX), key=form.widget("comment"))
    form.slot("comment", comment)
    language.selectbox(
        t("reporting.comment_lang"),
        LANGUAGES,
        format_func=widgets.names_of({code: widgets.language_name(code) for code in LANGUAGES}),
        help=t("form.written_in_help"),
        key=form.widget("language"),
    )
    form.slot("language", language)
    st.text_input(
        t("measure.form.evidence_url"),
        placeholder="https://",
        help=max_chars_help(limits.URL_MAX),
        key=form.widget("evidence_url"),
    )
    form.slot("evidence_url")


def _parts(form: Form, definition: dict) -> dict:
    """The parts typed, by (dimension, category); a dimension left wholly empty is left out."""
    parts = {}
    for dimension in dimensions(definition):
        typed = {}
        for category in CATEGORIES[dimension]:
            boxes = [form.value(box) for box in _part_boxes(definition, dimension, category)]
            if any(value is not None for value in boxes):
                typed[dimension, category] = tuple(boxes) if len(boxes) == 2 else boxes[0]
        parts |= typed
    return parts


def _save(form: Form, definition: dict, actor, shown: Shown) -> tuple[int, int]:
    indicator_id, period_id, territory = shown.id
    entry = ValueEntry(
        total=form.value("total"),
        numerator=form.value("numerator"),
        denominator=form.value("denominator"),
        parts=_parts(form, definition),
        comment=form.value("comment") or "",
        language=form.value("language"),
        evidence_url=form.value("evidence_url") or "",
    )
    return save_value(
        engine(),
        actor=actor,
        indicator_id=indicator_id,
        period_id=period_id,
        territory_code=territory,
        expected_version=shown.version,
        entry=entry,
    )


def _placed(definition: dict, problem: Problem) -> Problem:
    """A percentage's missing part goes next to its numerator (its boxes have no common slot)."""
    field = problem.field or ""
    if definition["kind"] == IndicatorKind.PERCENTAGE and field.count(".") == 2:
        return replace(problem, field=f"{field}.numerator")
    return problem


def _confirm(definition: dict):
    def confirm(saved: tuple[int, int]) -> tuple[str, dict]:
        return "reporting.saved", {"code": widgets.safe_code(definition["code"])}

    return confirm
