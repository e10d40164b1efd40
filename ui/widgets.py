"""Small shared renderers: safe headings and fields, localized text, badges, problems, links."""

import html
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from figures import layout
from i18n import catalog, formats
from models.codes import AT_RISK_GAP_POINTS
from services.errors import Problem
from ui import context, data, navigation
from ui.context import label, t

ILLUSTRATIVE = "illustrative"
# Back points the way the page reads from: left in French and English, right in Arabic.
ICON_BACK = {"ltr": ":material/arrow_back:", "rtl": ":material/arrow_forward:"}
BOTTOM = "bottom"  # vertical alignment of a row of columns
ICON_LINK = ":material/open_in_new:"
ICON_ADD = ":material/add:"
ICON_TABLE = ":material/table_rows:"
ICON_EDIT = ":material/edit_note:"
_SAFE_CODE = re.compile(r"[^0-9A-Za-z._-]")
# Bidi marks CLDR puts in Arabic dates and amounts: right in running text, but the table grid
# draws each cell left to right and scrambles them ("312024/03/").
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
_HTTP = re.compile(r"^https?://[^\s<>\"'`]+$", re.I)
# Problem parameters that name a code list value rather than a number.
_LABELLED_PARAMS = {"old": "status", "new": "status", "dimension": "dimension"}


def heading(text: str, level: int = 3, note: str | None = None) -> None:
    """A heading whose text is escaped, so stored text can never become markup."""
    tag = f"h{min(max(level, 1), 6)}"
    extra = f' <small class="marsad-fallback">{html.escape(note)}</small>' if note else ""
    st.html(f'<{tag} dir="auto">{html.escape(text)}{extra}</{tag}>')


def cell(text: str) -> str:
    """A formatted date or amount made fit for a table cell."""
    return text.translate(_BIDI_MARKS)


def day_cell(value) -> str:
    """A date (or nothing) formatted for a table cell."""
    return cell(formats.day(context.current().lang, value if pd.notna(value) else None))


def field(name: str, value) -> None:
    """A field label over its value, the value shown as plain text."""
    st.caption(name)
    st.text("—" if value in (None, "") else str(value))


def language_name(code: str) -> str:
    """A language's name in the current language ("français" on a French page)."""
    return label("language_name", code)


def localized(row, field_name: str, mark: bool = True) -> str:
    """A row's text in the current language, marked when it falls back to another one."""
    text, fallback = catalog.localized(row, field_name, context.current().lang)
    if text is None or text == "":
        return "—"
    if fallback and mark:
        return f"{text} {t('fallback.short', language=language_name(fallback))}"
    return text


def title_and_mark(row, field_name: str) -> tuple[str, str | None]:
    """A row's text in the current language and, when it falls back, a note saying so."""
    text, fallback = catalog.localized(row, field_name, context.current().lang)
    note = t(f"fallback.{fallback}") if fallback else None
    return (text or "—"), note


def localized_column(frame: pd.DataFrame, field_name: str, mark: bool = True) -> pd.Series:
    """A column of localized texts for every row of a frame."""
    # Plain dicts from column lists: a row as a pandas Series (frame.apply) cost ten times more.
    names = [
        f"{field_name}_{code}" for code in ("fr", "ar", "en") if f"{field_name}_{code}" in frame
    ]
    rows = (
        zip(*(frame[name].tolist() for name in names), strict=True) if names else [()] * len(frame)
    )
    texts = [localized(dict(zip(names, row, strict=True)), field_name, mark) for row in rows]
    return pd.Series(texts, index=frame.index, dtype=object)


def region_names(frame: pd.DataFrame, prefix: str = "region") -> pd.Series:
    """Localized region names from columns like region_fr / region_ar / region_en."""
    return localized_column(frame, prefix, mark=False)


def _lookup(names: dict, default: str, value) -> str:
    return names.get(value, default)


def names_of(names: dict, default: str = "—") -> Callable[[object], str]:
    """A format_func showing names[value], else `default`; repeated names get their value.

    Streamlit identifies a selectbox choice by its label, so two equal labels (two axes with
    the same title in different regions) would select the wrong one. Built with
    functools.partial so it pickles: AppTest keeps format functions in session state, which
    this project requires to be serializable.
    """
    counts: dict[str, int] = {}
    for name in [*names.values(), default]:
        counts[name] = counts.get(name, 0) + 1
    unique = {k: f"{v} [{k}]" if counts[v] > 1 else v for k, v in names.items()}
    return partial(_lookup, unique, default)


def labels_of(codelist: str) -> Callable[[object], str]:
    """A format_func showing a code list value's label in the current language."""
    return partial(label, codelist)


def keep(*keys: str) -> None:
    """Restate choice widgets' values before they are drawn, so their labels follow a language
    switch (a keyed widget keeps its identity when its labels change, and the browser would
    go on showing the old label)."""
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def labels(values: Iterable, codelist: str) -> list[str]:
    """Translated labels of code list values."""
    return [label(codelist, v) for v in values]


def has_illustrative(*frames_or_values) -> bool:
    """Whether any shown row or value has provenance 'illustrative'."""
    for item in frames_or_values:
        if isinstance(item, pd.DataFrame):
            if "provenance" in item and (item["provenance"] == ILLUSTRATIVE).any():
                return True
        elif item == ILLUSTRATIVE:
            return True
    return False


def illustrative_note(*frames_or_values) -> None:
    """A caption saying that some of what is shown is made up for the demo."""
    if has_illustrative(*frames_or_values):
        st.caption(t("notice.illustrative"))


def provenance_badge(provenance: str | None) -> None:
    """The provenance of one record, highlighted when illustrative."""
    if not provenance:
        return
    text = t("common.provenance", source=label("provenance", provenance))
    if provenance == ILLUSTRATIVE:
        st.badge(text, color="orange")
        st.caption(t("notice.illustrative"))
    else:
        st.badge(text, color="gray")


def region_scope() -> None:
    """Under a page's title: the region the page is limited to, when it is."""
    region = context.current().region
    if region:
        st.caption(t("common.region_scope", region=region_name_map().get(region, region)))


def at_risk_gap() -> str:
    """The points of progress behind schedule that make a measure "at risk", formatted."""
    return formats.number(context.current().lang, AT_RISK_GAP_POINTS)


def illustrative_marker(provenance: str | None) -> None:
    """A short orange mark on a record (an axis) made up for the demo."""
    if provenance == ILLUSTRATIVE:
        st.badge(t("marker.illustrative"), color="orange")


def safe_code(value) -> str:
    """A code from the URL or the data reduced to harmless characters, for messages."""
    return _SAFE_CODE.sub("", str(value))[:12]


def http_link(value) -> str | None:
    """The value when it is an http(s) link, else None."""
    if isinstance(value, str) and _HTTP.match(value.strip()):
        return value.strip()
    return None


def problem_text(problem: Problem) -> str:
    """A service problem as a sentence in the current language."""
    params = {}
    for name, value in problem.params.items():
        if name == "plural":  # the count that picks the plural form, not shown as such
            params[name] = value
        elif name in _LABELLED_PARAMS:
            params[name] = label(_LABELLED_PARAMS[name], value)
        elif isinstance(value, int) and not isinstance(value, bool):
            params[name] = formats.number(context.current().lang, value)
        elif isinstance(value, date):
            params[name] = formats.day(context.current().lang, value)
        else:
            params[name] = safe_code(value)
    return t(problem.code, **params)


def show_problems(slots: dict, problems: Iterable[Problem], top_key: str = "") -> None:
    """Each problem's message in the slot of its field; unknown fields go to the top slot."""
    messages: dict[str, list[str]] = {}
    for problem in problems:
        slot = problem.field if problem.field in slots else top_key
        messages.setdefault(slot, []).append(problem_text(problem))
    for slot, texts in messages.items():
        slots[slot].error("\n\n".join(texts))


def flash() -> None:
    """The confirmation left by the last write, shown once."""
    pending = context.pop_flash()
    if pending:
        msgid, params = pending
        st.success(t(msgid, **params))
        # The page reruns where the reader was (often far below the top): say it there too.
        st.toast(t(msgid, **params), icon=":material/check_circle:")


ROW_HEIGHT = 35  # Streamlit's default row height, header included
ROWS_SHOWN = 25  # a page of the measures list


def dataframe(
    shown: pd.DataFrame,
    config: dict,
    key: str,
    opens: list | None = None,
    opener=None,
    choose: str = "common.choose_row",
) -> None:
    """A read-only table without the index, as tall as its rows (up to a page of 25).

    With `opens` (a record id or None per row), choosing a row opens that record's page in this
    tab (`opener`, a measure's by default): a link column would open a new tab, and with it a
    new session.
    """
    height = ROW_HEIGHT * (min(len(shown), ROWS_SHOWN) + 1) + 3
    if opens is None:
        st.dataframe(shown, column_config=config, hide_index=True, key=key, height=height)
        return
    st.caption(t(choose))
    event = st.dataframe(
        shown,
        column_config=config,
        hide_index=True,
        key=key,
        height=height,
        on_select="rerun",
        selection_mode="single-row",
    )
    chosen = [opens[row] for row in event.selection.rows if row < len(opens)]
    if chosen and chosen[0] is not None and not pd.isna(chosen[0]):
        (opener or navigation.open_measure)(int(chosen[0]), context.current().query())


def with_region_name(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a per-region frame (name_fr / name_ar / name_en) with `region_name`."""
    return frame.assign(region_name=localized_column(frame, "name", mark=False))


def region_name_map() -> dict[str, str]:
    """Every region's name in the reader's language, by code."""
    regions = with_region_name(data.regions())
    return dict(zip(regions["code"], regions["region_name"], strict=True))


def chart(figure, key: str) -> None:
    """A plotly figure at full width, its dates, numbers and tool bar in the page's language."""
    st.plotly_chart(figure, key=key, config=layout.config(context.current().lang))


def strategy_status(value: str | None) -> str:
    """A strategy's status, translated."""
    return label("strategy_status", value) if value else "—"
