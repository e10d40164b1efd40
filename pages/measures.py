"""Measures: filters, a paged table linking to each measure, and the CSV of the filtered view."""

from dataclasses import astuple

import streamlit as st

from ui import context, data, fmt, sidebar, widgets
from ui.context import label, t
from ui.data import MeasureFilter

PAGE_SIZE = 25
ANY = ""  # "any province"; a selectbox shows its placeholder for None, so 0 / "" mean "any"
STATUS_KEY = "measures.status"
PAGE_KEY = "measures.page"
COLUMNS = (
    "code",
    "link",
    "title",
    "region",
    "place",
    "level",
    "status",
    "progress",
    "health",
    "planned_start",
    "planned_end",
    "lead_institution",
)

sidebar.ensure_frame()

lang = context.lang()
today = context.today()
region = context.region()
choices = data.filter_choices(region)
provinces, axes = choices["provinces"], choices["axes"]

st.title(t("measures.title"))

# Filters; the region comes from the sidebar, statuses are mirrored in ?status=.
context.seed_from_url(STATUS_KEY, "status", data.STATUSES, multi=True)
widgets.keep("measures.province", STATUS_KEY, "measures.health", "measures.axis", "measures.gcm")
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
    data.STATUSES,
    format_func=widgets.labels_of("status"),
    placeholder=t("measures.filter.any"),
    key=STATUS_KEY,
)
context.write_to_url(STATUS_KEY, "status", statuses)
health = first[2].multiselect(
    t("field.health"),
    data.HEALTHS,
    format_func=widgets.labels_of("health"),
    placeholder=t("measures.filter.any"),
    key="measures.health",
)
second = st.columns([2, 2, 2])
axis_titles = dict(
    zip(
        axes["id"].astype(int),
        axes["code"] + " · " + widgets.localized_column(axes, "title"),
        strict=True,
    )
)
axis = second[0].selectbox(
    t("term.axis"),
    [0, *(int(i) for i in axes["id"])],
    format_func=widgets.names_of(axis_titles, t("measures.filter.any_axis")),
    key="measures.axis",
)
gcm_names = {n: f"{n}. {label('gcm', n)}" for n in data.GCM}
gcm = second[1].selectbox(
    t("measures.filter.gcm"),
    [0, *data.GCM],
    format_func=widgets.names_of(gcm_names, t("measures.filter.any_gcm")),
    key="measures.gcm",
)
text = second[2].text_input(
    t("measures.filter.text"),
    max_chars=200,
    placeholder=t("measures.filter.text_placeholder"),
    key="measures.text",
)

flt = MeasureFilter(
    region=region,
    province=(province or None) if region else None,
    statuses=tuple(statuses),
    health=tuple(health),
    axis_id=axis or None,
    gcm=gcm or None,
    text=text,
)
# A new filter starts again on its first page.
if st.session_state.get("measures.filter") != astuple(flt):
    st.session_state["measures.filter"] = astuple(flt)
    st.session_state[PAGE_KEY] = 1
result = data.measure_page(flt, today, st.session_state.get(PAGE_KEY, 1), PAGE_SIZE)

if result.total == 0:
    st.info(t("measures.empty"))
    st.stop()

st.session_state[PAGE_KEY] = result.page
bar = st.columns([3, 1, 1], vertical_alignment=widgets.BOTTOM)
bar[0].caption(
    t(
        "measures.total",
        total=fmt.number(lang, result.total),
        page=fmt.number(lang, result.page),
        pages=fmt.number(lang, result.pages),
    )
)
bar[1].number_input(t("measures.page"), min_value=1, max_value=result.pages, step=1, key=PAGE_KEY)
with bar[2]:
    widgets.download_csv(
        t("measures.download"),
        data.csv_export(flt, today),
        data.export_file_name(region, today),
        key="measures.download",
    )

shown, config = widgets.measure_rows(result.rows, COLUMNS)
widgets.dataframe(shown, config, key="measures.table")
widgets.illustrative_note(result.rows)
