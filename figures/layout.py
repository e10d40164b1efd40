"""What every Marsad figure shares: colours, fonts, axes that follow the reading direction."""

from datetime import date

import plotly.graph_objects as go
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from i18n import formats
from i18n.catalog import translate
from i18n.direction import is_rtl
from models.codes import MeasureStatus, ScheduleHealth

# Okabe-Ito colours, told apart with the common colour-vision deficiencies.
STATUS_COLOURS = {
    MeasureStatus.PLANNED: "#56B4E9",
    MeasureStatus.IN_PROGRESS: "#0072B2",
    MeasureStatus.COMPLETED: "#009E73",
    MeasureStatus.SUSPENDED: "#E69F00",
    MeasureStatus.CANCELLED: "#999999",
}
HEALTH_COLOURS = {
    ScheduleHealth.ON_TRACK: "#009E73",
    ScheduleHealth.AT_RISK: "#E69F00",
    ScheduleHealth.LATE_START: "#CC79A7",
    ScheduleHealth.OVERDUE: "#D55E00",
    ScheduleHealth.CLOSED: "#999999",
}
PROGRESS_COLOUR = "#0072B2"
# The regions beside a chosen one: the same hue, lighter, so the chosen bar stands out.
OTHER_REGION_OPACITY = 0.4
INK = "#333333"  # the today line, and any status outside the palette
FONT_FAMILY = '"Noto Sans Arabic", "Noto Sans", sans-serif'
TIMELINE_RANGE = (date(2022, 1, 1), date(2027, 12, 31))
PERCENT_RANGE = (0, 100)
DAY_MS = 24 * 3600 * 1000


def start_side(lang: str) -> str:
    """The side reading starts from."""
    return "right" if is_rtl(lang) else "left"


def value_axis(lang: str, title: str | None = None, fixed=None) -> dict:
    """A horizontal axis that runs right to left in Arabic, over a fixed range if given."""
    axis: dict = {"title": {"text": title}} if title else {}
    if fixed is not None:
        low, high = (str(v) if isinstance(v, date) else v for v in fixed)
        axis["range"] = [high, low] if is_rtl(lang) else [low, high]
    elif is_rtl(lang):
        axis["autorange"] = "reversed"
    return axis


def category_axis(lang: str, categories: list) -> dict:
    """A vertical category axis read top-down, on the right-hand side in Arabic."""
    axis = {"categoryorder": "array", "categoryarray": categories, "autorange": "reversed"}
    return {**axis, "side": start_side(lang), "ticklabelstandoff": 6}


def chosen_axis(lang: str, categories: list, chosen: str | None) -> dict:
    """A category axis whose chosen category (a region's name) is written in bold."""
    axis = category_axis(lang, categories)
    if chosen is None:
        return axis
    text = [f"<b>{c}</b>" if c == chosen else c for c in categories]
    return {**axis, "tickmode": "array", "tickvals": categories, "ticktext": text}


def figure(lang: str, title_id: str, height: int, traces: list[dict], **layout) -> go.Figure:
    """A figure with the shared look: translated title, compact margins, mirrored in Arabic."""
    rtl, start = is_rtl(lang), start_side(lang)
    locale = formats.LOCALES.get(lang, formats.LOCALES["fr"])
    title = {"text": translate(lang, title_id), "x": 0.98 if rtl else 0.02, "xanchor": start}
    # A vertical legend reads the same both ways (a wrapped horizontal one does not), and it
    # pushes the margins instead of running into the title; Arabic puts it on the left.
    legend = {"orientation": "v", "x": -0.02 if rtl else 1.02, "xanchor": start}
    legend |= {"y": 1, "yanchor": "top", "traceorder": "normal"}
    base = {
        "title": title,
        "font": {"family": FONT_FAMILY},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "separators": get_decimal_symbol(locale) + get_group_symbol(locale),
        "legend": legend,
        "hoverlabel": {"align": start, "font": {"family": FONT_FAMILY}},
    }
    # Traces as plain dicts: Plotly validates them once instead of twice, and copies nothing.
    return go.Figure(data=traces, layout={**base, **layout})


def note(text: str, **place) -> dict:
    """A text annotation without arrow, in the middle of the plot unless placed elsewhere."""
    note = {"text": text, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}
    return {**note, "showarrow": False, "font": {"size": 14}, **place}


def empty(lang: str, title_id: str, height: int) -> go.Figure:
    """A figure that says there is nothing to show."""
    hidden = {"visible": False}
    message = note(translate(lang, "chart.no_data"))
    return figure(lang, title_id, height, [], xaxis=hidden, yaxis=hidden, annotations=[message])


def bars_height(rows: int) -> int:
    """Height of a horizontal bar chart with one bar per row."""
    return max(240, 90 + 32 * rows)  # room for a five-entry legend


# Month and day names for Plotly's date axes. French takes CLDR "fr": fr_MA abbreviates both
# June and July as "jui."; Arabic takes the Moroccan month names of ar_MA.
_CALENDAR_LOCALES = {"ar": "ar_MA", "fr": "fr", "en": "en"}
# The one tool kept in the chart's tool bar: zooming and panning confused readers.
_KEPT_TOOLS = ["toImage"]


def config(lang: str) -> dict:
    """Plotly's config for a chart in lang: its own month names, separators and tool bar words
    (Streamlit's Plotly bundle registers English only), and a tool bar reduced to a download."""
    calendar = Locale.parse(_CALENDAR_LOCALES.get(lang, "fr"))
    locale = Locale.parse(formats.LOCALES.get(lang, formats.LOCALES["fr"]))

    def names(table) -> list:
        return [table[key] for key in sorted(table)]

    months, days = calendar.months["format"], calendar.days["format"]
    # CLDR numbers the days Monday=0; Plotly starts its lists on Sunday.
    week = [6, 0, 1, 2, 3, 4, 5]
    download = translate(lang, "chart.download_png")
    return {
        "displaylogo": False,
        "locale": lang,
        "locales": {
            lang: {
                # Plotly's English key changed case between releases; both are given.
                "dictionary": {
                    "Download plot as a PNG": download,
                    "Download plot as a png": download,
                    "Download plot": download,
                },
                "format": {
                    "days": [days["wide"][d] for d in week],
                    "shortDays": [days["abbreviated"][d] for d in week],
                    "months": names(months["wide"]),
                    "shortMonths": names(months["abbreviated"]),
                    "decimal": get_decimal_symbol(locale),
                    "thousands": get_group_symbol(locale),
                },
            }
        },
        "modeBarButtons": [_KEPT_TOOLS],
    }
