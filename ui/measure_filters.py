"""The measure list's filters: province, status (?status=), health (?health=), axis (?axis=),
alignment tag (?tag=), text."""

import streamlit as st

from models.codes import TAG_CHOICES, MeasureStatus, ScheduleHealth
from models.limits import SEARCH_MAX
from services.filters import MeasureFilter
from ui import data, tags, url_state, widgets
from ui.context import t

ANY = ""  # "any province"; a selectbox shows its placeholder for None, so 0 / "" mean "any"
STATUS_KEY = "measures.status"
AXIS_KEY = "measures.axis"
HEALTH_KEY = "measures.health"
TAG_KEY = "measures.tag"
STATUSES = tuple(s.value for s in MeasureStatus)
HEALTHS = tuple(h.value for h in ScheduleHealth)


def draw(region: str | None) -> MeasureFilter:
    """Draw the filters of the measure list (the region comes from the frame)."""
    choices = data.filter_choices(region)
    provinces, axes = choices["provinces"], choices["axes"]
    url_state.seed_from_url(STATUS_KEY, "status", STATUSES, multi=True)
    url_state.seed_from_url(HEALTH_KEY, "health", HEALTHS, multi=True)
    widgets.keep("measures.province", STATUS_KEY, HEALTH_KEY, AXIS_KEY, TAG_KEY)
    first = st.columns([2, 2, 2])
    province_codes = [ANY, *provinces["code"]] if region else [ANY]
    province_names = dict(
        zip(provinces["code"], widgets.localized_column(provinces, "name", False), strict=True)
    )
    province = first[0].selectbox(
        t("term.province"),
        province_codes,
        format_func=widgets.names_of(province_names, t("measures.filter.any_province")),
        disabled=region is None,
        help=None if region else t("measures.filter.province_help"),
        key="measures.province",
    )
    statuses = first[1].multiselect(
        t("field.status"),
        STATUSES,
        format_func=widgets.labels_of("status"),
        placeholder=t("measures.filter.any"),
        key=STATUS_KEY,
    )
    url_state.write_to_url(STATUS_KEY, "status", statuses)
    health = first[2].multiselect(
        t("field.health"),
        HEALTHS,
        format_func=widgets.labels_of("health"),
        placeholder=t("measures.filter.any"),
        key=HEALTH_KEY,
    )
    url_state.write_to_url(HEALTH_KEY, "health", health)
    second = st.columns([2, 2, 2])
    axis_titles = dict(
        zip(
            axes["id"].astype(int),
            axes["code"] + " · " + widgets.localized_column(axes, "title"),
            strict=True,
        )
    )
    axis_ids = [int(i) for i in axes["id"]]
    # Kept in ?axis= (as text: a strategy's axis links here) and turned back into an id.
    url_state.seed_from_url(AXIS_KEY, "axis", [str(i) for i in axis_ids])
    if isinstance(st.session_state.get(AXIS_KEY), str):
        st.session_state[AXIS_KEY] = int(st.session_state[AXIS_KEY])
    axis = second[0].selectbox(
        t("term.axis"),
        [0, *axis_ids],
        format_func=widgets.names_of(axis_titles, t("measures.filter.any_axis")),
        key=AXIS_KEY,
    )
    url_state.write_to_url(AXIS_KEY, "axis", str(axis) if axis else None)
    # Kept in ?tag= (the alignment coverage's cells link here); ?gcm=N, the address before any
    # alignment could be chosen, still opens its objective.
    url_state.seed_from_url(TAG_KEY, "tag", TAG_CHOICES)
    legacy = [f"gcm:{n}" for n in url_state.url_values("gcm")]
    if legacy and not url_state.url_values("tag") and legacy[-1] in TAG_CHOICES:
        st.session_state.setdefault(TAG_KEY, legacy[-1])
    tag = second[1].selectbox(
        t("measures.filter.tag"),
        [ANY, *TAG_CHOICES],
        format_func=widgets.names_of(
            {tag: tags.tag_label(tag) for tag in TAG_CHOICES}, t("measures.filter.any_tag")
        ),
        key=TAG_KEY,
    )
    url_state.write_to_url(TAG_KEY, "tag", tag or None)
    text = second[2].text_input(
        t("measures.filter.text"),
        max_chars=SEARCH_MAX,
        placeholder=t("measures.filter.text_placeholder"),
        key="measures.text",
    )

    flt = MeasureFilter(
        region=region,
        province=(province or None) if region else None,
        statuses=tuple(statuses),
        health=tuple(health),
        axis_id=axis or None,
        tag=tag or None,
        text=text,
    )
    return flt
