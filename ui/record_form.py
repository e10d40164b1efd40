"""Forms creating and editing the records a plan hangs on: strategies, axes, committees, their
members, programmes and institutions, each saved by services.record_writes.save_record."""

import streamlit as st

from models import limits
from models.codes import (
    CommitteeKind,
    CommitteeRole,
    InstitutionKind,
    ProgrammeEnd,
    StrategyStatus,
)
from services.db import engine
from services.record_kinds import LANGS
from services.record_writes import save_record
from ui import content, context, data, forms, widgets
from ui.context import t
from ui.forms import (
    NUMBER_FORMAT,
    Form,
    Shown,
    date_range,
    max_chars_help,
    number,
    shown_to,
)

# Each kind's widgets in order: (field, widget, code list or text limit).
FIELDS = {
    "strategy": (
        ("region_code", "region", None),
        ("title", "texts", limits.TITLE_MAX),
        ("summary", "areas", limits.DESCRIPTION_MAX),
        ("adopted_on", "date", None),
        ("horizon_start", "number", None),
        ("horizon_end", "number", None),
        ("status", "choice", "strategy_status"),
        ("pdr_reference", "texts", limits.TITLE_MAX),
        ("pdr_url", "text", limits.URL_MAX),
    ),
    "axis": (
        ("code", "text", 10),
        ("position", "number", None),
        ("title", "texts", limits.TITLE_MAX),
    ),
    "committee": (
        ("region_code", "region", None),
        ("name", "texts", limits.TITLE_MAX),
        ("kind", "choice", "committee_kind"),
        ("province_code", "province", None),
        ("mandate", "areas", limits.DESCRIPTION_MAX),
        ("established_on", "date", None),
        ("chair_institution_id", "institution", None),
    ),
    "committeemember": (
        ("institution_id", "institution", None),
        ("role", "choice", "committee_role"),
    ),
    "programme": (
        ("code", "text", 40),
        ("name", "texts", limits.TITLE_MAX),
        ("donor", "text", 200),
        ("implementer", "text", 200),
        ("budget", "number", None),
        ("currency", "text", 3),
        ("start_on", "date", None),
        ("end_on", "date", None),
        ("end_status", "choice", "programme_end"),
        ("dac_code", "text", 5),
    ),
    "institution": (
        ("name", "texts", limits.INSTITUTION_NAME_MAX),
        ("acronym", "text", limits.ACRONYM_MAX),
        ("kind", "choice", "institution_kind"),
    ),
}
LABELS = {
    "region_code": "term.region",
    "title": "column.title",
    "summary": "record.summary",
    "adopted_on": "strategies.adopted_on",
    "horizon_start": "record.horizon_start",
    "horizon_end": "record.horizon_end",
    "status": "field.status",
    "pdr_reference": "field.pdr_reference",
    "pdr_url": "record.pdr_url",
    "code": "column.code",
    "position": "record.position",
    "name": "record.name",
    "kind": "institution.field.kind",
    "province_code": "term.province",
    "mandate": "committees.mandate",
    "established_on": "committees.established_on",
    "chair_institution_id": "committees.chair",
    "institution_id": "record.institution",
    "role": "record.role",
    "donor": "record.donor",
    "implementer": "record.implementer",
    "budget": "record.budget",
    "currency": "record.currency",
    "start_on": "record.start_on",
    "end_on": "record.end_on",
    "end_status": "record.end_status",
    "dac_code": "record.dac_code",
    "acronym": "institution.field.acronym",
}
CHOICE_WIDGETS = ("region", "choice", "province", "institution")
# A new record's code when the list's first would be a poor guess (most members are members).
DEFAULT_CODES = {"committee_role": "member"}
CODE_LISTS = {
    "strategy_status": StrategyStatus,
    "committee_kind": CommitteeKind,
    "committee_role": CommitteeRole,
    "programme_end": ProgrammeEnd,
    "institution_kind": InstitutionKind,
}


def _columns(kind: str, creating: bool) -> list[tuple[str, str, object]]:
    """The stored columns a form edits: a text per language; the region only when created."""
    found = []
    for name, widget, extra in FIELDS[kind]:
        if widget == "region" and not creating:
            continue
        if widget in ("texts", "areas"):
            found += [(f"{name}_{lang}", widget, extra) for lang in LANGS]
        else:
            found.append((name, widget, extra))
    return found


def _choices(widget: str, extra, region: str | None) -> dict:
    if widget == "region":
        actor = context.current().actor
        names = widgets.region_name_map()
        return {c: n for c, n in names.items() if actor.can_edit_region(c)}
    if widget == "province":
        provinces = data.plan_choices(region)["provinces"]
        return {None: t("plan.none")} | {
            r["code"]: f"{widgets.localized(r, 'name')} · {r['code']}"
            for r in provinces.to_dict("records")
        }
    registry = data.institution_registry()
    names = zip(registry["id"], content.institution_names(registry), strict=True)
    return {None: t("plan.none")} | dict(names)


def _draw(form: Form, column: str, widget: str, extra, region: str | None) -> None:
    base = column.rsplit("_", 1)[0] if widget in ("texts", "areas") else column
    label = t(LABELS[base])
    if widget in ("texts", "areas"):
        label = f"{label} ({widgets.language_name(column.rsplit('_', 1)[1])})"
        draw = st.text_input if widget == "texts" else st.text_area
        draw(label, help=max_chars_help(extra), key=form.widget(column))
    elif widget == "text":
        st.text_input(label, help=max_chars_help(extra), key=form.widget(column))
    elif widget == "number":
        st.number_input(label, step=1.0, format=NUMBER_FORMAT, key=form.widget(column))
    elif widget == "date":
        st.date_input(label, key=form.widget(column), **date_range())
    elif widget == "choice":
        codes = [str(v) for v in CODE_LISTS[extra]]
        st.selectbox(label, codes, format_func=widgets.labels_of(extra), key=form.widget(column))
    else:
        names = _choices(widget, extra, region)
        st.selectbox(
            label,
            list(names),
            format_func=widgets.names_of(names),
            placeholder=t("plan.none"),
            key=form.widget(column),
        )
    form.slot(column)


def _form(kind: str, key: str, record_id: int | None, fixed: dict, region: str | None) -> None:
    """One record's form: filled from the database, saved exactly as typed or refused."""
    creating = record_id is None
    columns = [c for c in _columns(kind, creating) if c[0] not in fixed]
    form = Form(key, record=None if creating else f"{kind}.{record_id}")
    if creating:
        shown, stored = Shown(), {}
    else:
        stored = data.record(kind, record_id)
        if stored is None:
            st.error(t("error.not_found"))
            return
        shown = Shown(record_id, int(stored["version"]))
    values = {}
    for column, widget, extra in columns:
        value = stored.get(column)
        if creating and widget in ("texts", "areas", "text"):
            value = ""
        elif creating and widget == "choice":
            value = DEFAULT_CODES.get(extra) or str(next(iter(CODE_LISTS[extra])))
        values[column] = number(value) if widget == "number" else value
    form.prepare(shown, values)
    widgets.keep(*(form.widget(c) for c, w, _ in columns if w in CHOICE_WIDGETS))
    drawn = {column for column, _, _ in columns}
    with form.frame():
        for name, widget, extra in FIELDS[kind]:
            if widget in ("texts", "areas"):
                for lang, column in zip(LANGS, st.columns(len(LANGS)), strict=True):
                    with column:
                        _draw(form, f"{name}_{lang}", widget, extra, region)
            elif name in drawn:
                _draw(form, name, widget, extra, region)
        submitted = form.submit(t("record.create" if creating else "record.save"), type="primary")
    if submitted:
        typed = {column: form.value(column) for column, _, _ in columns} | fixed
        today = context.current().today
        form.save(
            lambda actor, seen: save_record(
                engine(),
                actor=actor,
                kind=kind,
                record_id=seen.id,
                expected_version=seen.version,
                values=typed,
                today=today,
            ),
            lambda _saved: ("record.created" if creating else "record.saved", {}),
        )
    form.conflict(t("forms.reload"))


def section(
    kind: str,
    title: str,
    *,
    key: str,
    allowed: bool,
    record_id: int | None = None,
    fixed: dict | None = None,
    region: str | None = None,
) -> None:
    """An expander with the form creating (no `record_id`) or editing one record."""
    if not shown_to(allowed, key):
        return
    icon = widgets.ICON_ADD if record_id is None else widgets.ICON_EDIT
    with forms.section(title, icon=icon, form_key=key):
        _form(kind, key, record_id, fixed or {}, region)


def picked_section(
    kind: str, title: str, choices: dict, *, key: str, allowed: bool, region: str | None = None
) -> None:
    """An expander where one record of a list is picked, then edited."""
    picker = f"{key}.pick"
    form_key = f"{key}.{st.session_state.get(picker)}"
    if not choices or not shown_to(allowed, form_key):
        return
    with forms.section(title, icon=widgets.ICON_EDIT, form_key=form_key, key=f"{key}.open"):
        widgets.keep(picker)
        if st.session_state.get(picker) not in choices:
            st.session_state.pop(picker, None)
        picked = st.selectbox(
            t("record.pick"), list(choices), format_func=widgets.names_of(choices), key=picker
        )
        _form(kind, f"{key}.{picked}", int(picked), {}, region)
