"""The alignment coverage matrix: regions down, one scheme's codes across, each cell a count
(or a budget) that opens its measures; a cell of 0, tinted, is where nothing is planned."""

import pandas as pd
import streamlit as st

from i18n.catalog import CODE_LISTS
from models.codes import TagScheme
from ui import context, data, navigation, widgets
from ui.context import label, t

# Each scheme's name on its choice, in the order of models.codes.TagScheme.
SCHEME_NAMES = {
    TagScheme.GCM.value: "coverage.scheme.gcm",
    TagScheme.SNIA.value: "coverage.scheme.snia",
    TagScheme.SDG.value: "coverage.scheme.sdg",
    TagScheme.SNMRE.value: "coverage.scheme.snmre",
}
SCHEMES = tuple(SCHEME_NAMES)
# What a cell counts, and its name.
MEASURE_NAMES = {
    "measures": "coverage.measure.measures",
    "budget_planned": "coverage.measure.budget_planned",
}
MEASURES = tuple(MEASURE_NAMES)
NUMBERED_HEADS = {"gcm": "coverage.head.gcm", "sdg": "coverage.head.sdg"}
NATIONAL = ""  # the region code of national measures, counted beside the matrix
HEADER_CHARS = 18  # a column head longer than this is cut; its help gives the whole label
EMPTY_CELL = "background-color: #FBE3D6"  # light vermilion: where nothing is planned


def column_head(scheme: str, code: str) -> str:
    """A short column head: the GCM objective's or SDG target's number, else its label cut."""
    if scheme in NUMBERED_HEADS:
        return t(NUMBERED_HEADS[scheme], code=code)
    text = label(scheme, code)
    return text if len(text) <= HEADER_CHARS else text[: HEADER_CHARS - 1].rstrip() + "…"


def matrix(cells: pd.DataFrame, scheme: str, measure: str) -> pd.DataFrame:
    """Every region by every code of the scheme, holding `measure` ("measures" or
    "budget_planned") of the region's measures; 0 where none is tagged."""
    rows = list(data.regions()["code"])
    codes = list(CODE_LISTS[scheme])
    found = cells.pivot_table(index="region_code", columns="code", values=measure, aggfunc="sum")
    return found.reindex(index=rows, columns=codes).fillna(0).astype("int64")


def national_count(cells: pd.DataFrame) -> int:
    """Tagged national measures (no region), counted once per code: outside the matrix."""
    return int(cells.loc[cells["region_code"] == NATIONAL, "measures"].sum())


def empty_tint(value) -> str:
    """The style of a cell: tinted where nothing is planned."""
    return EMPTY_CELL if value == 0 else ""


def coverage_table(cells: pd.DataFrame, scheme: str, measure: str) -> None:
    """The matrix with a row per region; choosing a cell opens the list of its measures."""
    grid = matrix(cells, scheme, measure)
    names = widgets.region_name_map()
    shown = grid.copy()
    shown.columns = [f"c{n}" for n in range(len(grid.columns))]
    shown.insert(0, "region", [names[r] for r in grid.index])
    number = "%d" if measure == "measures" else "localized"
    config = {"region": st.column_config.TextColumn(t("term.region"), pinned=True)}
    for position, code in enumerate(grid.columns):
        config[f"c{position}"] = st.column_config.NumberColumn(
            column_head(scheme, code), help=label(scheme, code), format=number
        )
    styled = shown.style.map(empty_tint, subset=list(shown.columns[1:]))
    st.caption(t("coverage.choose_cell"))
    event = st.dataframe(
        styled,
        column_config=config,
        hide_index=True,
        key=f"coverage.{scheme}.{measure}",
        on_select="rerun",
        selection_mode="single-cell",
        height=widgets.ROW_HEIGHT * (len(shown) + 1) + 3,  # every region without scrolling
    )
    for row, column in event.selection.cells:
        if column == "region" or row >= len(grid):
            continue
        region, code = grid.index[row], grid.columns[int(column[1:])]
        query = context.current().query() | {"region": region, "tag": f"{scheme}:{code}"}
        st.switch_page(navigation.MEASURES_PAGE, query_params=query)


def gaps(cells: pd.DataFrame, scheme: str) -> list[str]:
    """The codes of the scheme no measure of any region is tagged with."""
    tagged = set(cells.loc[cells["measures"] > 0, "code"])
    return [code for code in CODE_LISTS[scheme] if code not in tagged]
