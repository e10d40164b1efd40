"""A measure's plan form: record a new measure, or revise a plan saying why and what decided it."""

from functools import partial

import pandas as pd
import streamlit as st

from models import limits
from services.db import engine
from services.plan_checks import PLAN_COLUMNS, MeasurePlan, PlanDecision
from services.plan_writes import create_measure, revise_measure
from ui import content, context, data, widgets
from ui.context import t
from ui.forms import NUMBER_FORMAT, Form, Shown, date_range, max_chars_help, number

LANGS = ("fr", "ar", "en")
DECISION_FIELDS = ("reason", "session_month", "decision_id")
CHOICES = ("region_code", "province_code", "commune_code", "axis_id", "programme_id")


def _editable_regions() -> list[str | None]:
    """The regions the person may plan in; an administrator also plans national measures."""
    actor = context.current().actor
    if actor.can_manage_users:
        return [*widgets.region_name_map(), None]
    return sorted(actor.regions)


def _names(frame: pd.DataFrame, key: str, label) -> dict:
    """Choice labels by value, "none" first."""
    return {None: t("plan.none")} | {row[key]: label(row) for _, row in frame.iterrows()}


def _place(prefix: str, row) -> str:
    """A province or commune as a choice: its name in the reader's language and its code."""
    return f"{widgets.localized(row, prefix)} · {row['code']}"


def _choices(region: str | None) -> dict[str, dict]:
    """Every choice list of the form, for the person's regions (an admin: all)."""
    scope = None if context.current().actor.can_manage_users else region
    found = data.plan_choices(scope)
    provinces = found["provinces"].rename(columns={"name_fr": "p_fr", "name_ar": "p_ar"})
    communes = found["communes"].rename(columns={"name_fr": "c_fr", "name_ar": "c_ar"})
    registry = data.institution_registry()
    return {
        "region_code": {None: t("level.national")} | widgets.region_name_map(),
        "province_code": _names(provinces, "code", partial(_place, "p")),
        "commune_code": _names(communes, "code", partial(_place, "c")),
        "axis_id": _names(
            found["axes"], "id", lambda r: f"{r['code']} · {widgets.localized(r, 'title')}"
        ),
        "programme_id": _names(
            found["programmes"], "id", lambda r: f"{r['code']} · {widgets.localized(r, 'name')}"
        ),
        "lead_institution_id": {None: t("plan.none")}
        | dict(zip(registry["id"], content.institution_names(registry), strict=True)),
    }


def _plan_widgets(form: Form, regions: list, choices: dict[str, dict]) -> None:
    """The planned fields, each with the slot of its problems."""
    code, region = st.columns([1, 2])
    code.text_input(t("column.code"), max_chars=limits.CODE_MAX, key=form.widget("code"))
    form.slot("code", code)
    region.selectbox(
        t("term.region"),
        regions,
        format_func=widgets.names_of(choices["region_code"]),
        placeholder=t("level.national"),
        key=form.widget("region_code"),
    )
    form.slot("region_code", region)
    for name, label_id in (
        ("province_code", "term.province"),
        ("commune_code", "term.commune"),
        ("axis_id", "term.axis"),
        ("programme_id", "column.programme"),
        ("lead_institution_id", "field.lead_institution"),
    ):
        st.selectbox(
            t(label_id),
            list(choices[name]),
            format_func=widgets.names_of(choices[name]),
            # A None value shows the placeholder, not its label.
            placeholder=t("plan.none"),
            key=form.widget(name),
        )
        form.slot(name)
    for lang, column in zip(LANGS, st.columns(3), strict=True):
        language = widgets.language_name(lang)
        column.text_input(
            f"{t('column.title')} ({language})",
            help=max_chars_help(limits.TITLE_MAX),
            key=form.widget(f"title_{lang}"),
        )
        form.slot(f"title_{lang}", column)
        column.text_area(
            f"{t('field.description')} ({language})",
            help=max_chars_help(limits.DESCRIPTION_MAX),
            key=form.widget(f"description_{lang}"),
        )
        form.slot(f"description_{lang}", column)
        column.text_input(
            f"{t('field.pdr_reference')} ({language})",
            help=max_chars_help(limits.TITLE_MAX),
            key=form.widget(f"pdr_reference_{lang}"),
        )
        form.slot(f"pdr_reference_{lang}", column)
    start, end, budget = st.columns(3)
    start.date_input(t("field.planned_start"), key=form.widget("planned_start"), **date_range())
    form.slot("planned_start", start)
    end.date_input(t("field.planned_end"), key=form.widget("planned_end"), **date_range())
    form.slot("planned_end", end)
    budget.number_input(
        t("field.budget_planned"),
        step=10_000.0,
        format=NUMBER_FORMAT,
        help=t("plan.budget_help"),
        key=form.widget("budget_planned"),
    )
    form.slot("budget_planned", budget)


def _plan(form: Form) -> MeasurePlan:
    return MeasurePlan(**{name: form.value(name) for name in PLAN_COLUMNS})


def create(region: str | None) -> None:
    """The form recording a new measure (planned, 0 %) in a region the person plans in."""
    regions = _editable_regions()
    if not regions:
        return
    form = Form("plan.new")
    start = region if region in regions else regions[0]
    values = {name: None for name in PLAN_COLUMNS} | {"code": "", "region_code": start}
    values |= {
        f"{f}_{lang}": "" for f in ("title", "description", "pdr_reference") for lang in LANGS
    }
    form.prepare(Shown(), values)
    widgets.keep(*(form.widget(name) for name in (*CHOICES, "lead_institution_id")))
    st.caption(t("plan.create_help"))
    with form.frame():
        _plan_widgets(form, regions, _choices(start))
        submitted = form.submit(t("plan.create_submit"), type="primary")
    if submitted:
        plan, today = _plan(form), context.current().today
        form.save(
            lambda actor, _shown: create_measure(engine(), actor=actor, plan=plan, today=today),
            lambda _id: ("plan.created", {"code": plan.code}),
        )


def revise(measure: dict) -> None:
    """The form revising a measure's plan, with the reason and what decided the change."""
    actor = context.current().actor
    form = Form(f"plan.{int(measure['id'])}", record=f"measure.{int(measure['id'])}")
    if not form.visible(actor.can_edit_region(measure["region_code"])):
        return
    values = {name: measure[name] for name in PLAN_COLUMNS}
    values |= {name: None for name in DECISION_FIELDS} | {"reason": ""}
    values["budget_planned"] = number(values["budget_planned"])
    form.prepare(
        Shown(int(measure["id"]), int(measure["version"]), values),
        values,
        kept_on_reload=DECISION_FIELDS,
    )
    widgets.keep(*(form.widget(name) for name in (*CHOICES, "lead_institution_id")))
    regions = _editable_regions()
    if measure["region_code"] not in regions:
        regions = [measure["region_code"], *regions]
    choices = _choices(measure["region_code"])
    decisions = data.plan_choices(measure["region_code"])["decisions"]
    st.caption(t("plan.revise_help"))
    with form.frame():
        _plan_widgets(form, regions, choices)
        st.text_area(
            t("plan.reason"), help=max_chars_help(limits.REASON_MAX), key=form.widget("reason")
        )
        form.slot("reason")
        form.slot("decided_by")
        month, decision = st.columns([1, 3])
        month.text_input(
            t("plan.session_month"), placeholder="2026-03", key=form.widget("session_month")
        )
        form.slot("session_month", month)
        named = _names(decisions, "id", lambda r: widgets.localized(r, "text"))
        decision.selectbox(
            t("plan.decision"),
            list(named),
            format_func=widgets.names_of(named),
            placeholder=t("plan.none"),
            key=form.widget("decision_id"),
        )
        form.slot("decision_id", decision)
        submitted = form.submit(t("plan.revise_submit"), type="primary")
    if submitted:
        plan, today = _plan(form), context.current().today
        why = PlanDecision(**{name: form.value(name) for name in DECISION_FIELDS})
        form.save(
            lambda actor, shown: revise_measure(
                engine(),
                actor=actor,
                measure_id=shown.id,
                expected_version=shown.version,
                plan=plan,
                decision=why,
                today=today,
            ),
            lambda _version: ("plan.revised", {"code": plan.code}),
        )
    form.conflict(t("measure.form.reload"))
