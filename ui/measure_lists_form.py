"""A measure's tags and partner institutions, each replaced as a list with the reason why."""

import streamlit as st

from models import limits
from models.codes import TAG_CHOICES
from services.db import engine
from services.measure_lists import set_measure_list
from ui import content, context, data, widgets
from ui.context import t
from ui.forms import Form, Shown, max_chars_help, section, shown_to
from ui.tags import tag_label


def render(measure: dict, tags: dict[str, list[str]], partner_ids: list[int]) -> None:
    """The tags form and the partners form of a measure its reader may edit."""
    measure_id = int(measure["id"])
    keys = (f"tags.{measure_id}", f"partners.{measure_id}")
    allowed = context.current().actor.can_edit_region(measure["region_code"])
    if measure["withdrawn_at"] is not None or not shown_to(allowed, *keys):
        return
    current = [
        tag for tag in TAG_CHOICES if tag.partition(":")[2] in tags.get(tag.partition(":")[0], [])
    ]
    registry = data.institution_registry()
    names = dict(zip(registry["id"].astype(int), content.institution_names(registry), strict=True))
    with section(t("lists.title"), icon=widgets.ICON_EDIT, form_key=keys[0], key=f"{keys[0]}.open"):
        st.caption(t("lists.help"))
        _list_form(
            measure,
            keys[0],
            "tags",
            current,
            dict(zip(TAG_CHOICES, map(tag_label, TAG_CHOICES), strict=True)),
        )
        _list_form(measure, keys[1], "partners", partner_ids, names)


def _list_form(measure: dict, key: str, field: str, current: list, choices: dict) -> None:
    form = Form(key, record=f"measure.{int(measure['id'])}")
    form.prepare(Shown(int(measure["id"]), int(measure["version"])), {field: current, "reason": ""})
    with form.frame():
        st.multiselect(
            t("field.tags" if field == "tags" else "field.partners"),
            list(choices),
            format_func=widgets.names_of(choices),
            placeholder=t("plan.none"),
            key=form.widget(field),
        )
        form.slot(field)
        st.text_input(
            t("plan.reason"), help=max_chars_help(limits.REASON_MAX), key=form.widget("reason")
        )
        form.slot("reason")
        submitted = form.submit(t("lists.submit"))
    if submitted:
        values, reason = list(form.value(field) or []), form.value("reason")
        form.save(
            lambda actor, shown: set_measure_list(
                engine(),
                actor=actor,
                measure_id=shown.id,
                expected_version=shown.version,
                field=field,
                values=values,
                reason=reason,
            ),
            lambda _version: ("lists.saved", {"code": measure["code"]}),
        )
    form.conflict(t("measure.form.reload"))
