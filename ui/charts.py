"""Plotly figure builders: pure functions of a DataFrame and a language (graph_objects only)."""

from collections import defaultdict
from datetime import date
from html import escape

import pandas as pd
import plotly.graph_objects as go
from babel.numbers import get_decimal_symbol, get_group_symbol

from models.codes import MeasureStatus, ScheduleHealth
from ui import fmt
from ui.i18n import CODE_LISTS, RTL_LANGUAGES, label, translate

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
INK = "#333333"  # the today line, and any status outside the palette
FONT_FAMILY = '"Noto Sans Arabic", "Noto Sans", sans-serif'
TIMELINE_RANGE = (date(2022, 1, 1), date(2027, 12, 31))
PERCENT_RANGE = (0, 100)
DAY_MS = 24 * 3600 * 1000


def _start(lang: str) -> str:
    """The side reading starts from."""
    return "right" if lang in RTL_LANGUAGES else "left"


def _value_axis(lang: str, title: str | None = None, fixed=None) -> dict:
    """A horizontal axis that runs right to left in Arabic, over a fixed range if given."""
    axis: dict = {"title": {"text": title}} if title else {}
    if fixed is not None:
        low, high = (str(v) if isinstance(v, date) else v for v in fixed)
        axis["range"] = [high, low] if lang in RTL_LANGUAGES else [low, high]
    elif lang in RTL_LANGUAGES:
        axis["autorange"] = "reversed"
    return axis


def _category_axis(lang: str, categories: list) -> dict:
    """A vertical category axis read top-down, on the right-hand side in Arabic."""
    axis = {"categoryorder": "array", "categoryarray": categories, "autorange": "reversed"}
    return {**axis, "side": _start(lang), "ticklabelstandoff": 6}


def _figure(lang: str, title_id: str, height: int, traces: list[dict], **layout) -> go.Figure:
    """A figure with the shared look: translated title, compact margins, mirrored in Arabic."""
    rtl, start = lang in RTL_LANGUAGES, _start(lang)
    locale = fmt.LOCALES.get(lang, fmt.LOCALES["fr"])
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


def _note(text: str, **place) -> dict:
    """A text annotation without arrow, in the middle of the plot unless placed elsewhere."""
    note = {"text": text, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}
    return {**note, "showarrow": False, "font": {"size": 14}, **place}


def _empty(lang: str, title_id: str, height: int) -> go.Figure:
    """A figure that says there is nothing to show."""
    hidden = {"visible": False}
    note = _note(translate(lang, "chart.no_data"))
    return _figure(lang, title_id, height, [], xaxis=hidden, yaxis=hidden, annotations=[note])


def _bars_height(rows: int) -> int:
    """Height of a horizontal bar chart with one bar per row."""
    return max(240, 90 + 32 * rows)  # room for a five-entry legend


def progress_by_region(df: pd.DataFrame, lang: str) -> go.Figure:
    """Average progress per region (region_name, measures, avg_progress 0-100)."""
    title_id = "chart.progress_by_region"
    if df is None or df.empty:
        return _empty(lang, title_id, _bars_height(3))
    regions = df["region_name"].tolist()
    progress = df["avg_progress"].tolist()
    axis_title = translate(lang, "chart.avg_progress")
    measures = translate(lang, "term.measures")
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": regions,
        "x": progress,
        "name": axis_title,
        "marker": {"color": PROGRESS_COLOUR},
        "text": [fmt.percent(lang, None if pd.isna(v) else v / 100) for v in progress],
        "textposition": "auto",
        "textangle": 0,
        "constraintext": "none",  # Plotly would shrink the label to a few pixels in thin bars
        "customdata": df["measures"].tolist(),
        "hovertemplate": (
            f"%{{y}}<br>{axis_title}: %{{x:.0f}}<br>{measures}: %{{customdata:,d}}<extra></extra>"
        ),
        "showlegend": False,
    }
    return _figure(
        lang,
        title_id,
        _bars_height(len(regions)),
        [bar],
        xaxis=_value_axis(lang, axis_title, PERCENT_RANGE),
        yaxis=_category_axis(lang, regions),
    )


def status_mix(df: pd.DataFrame, lang: str) -> go.Figure:
    """Measures per region stacked by status (region_name, status, count)."""
    title_id = "chart.status_mix"
    if df is None or df.empty:
        return _empty(lang, title_id, _bars_height(3))
    # Plain Python: for a few dozen rows it is several times faster than pandas' pivot.
    counts: defaultdict[tuple, int] = defaultdict(int)
    rows = zip(df["region_name"].tolist(), df["status"].tolist(), df["count"].tolist(), strict=True)
    for region, status, count in rows:
        counts[region, status] += count
    regions = list(dict.fromkeys(region for region, _ in counts))
    present = {status for _, status in counts}
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": regions,
            "x": [counts.get((region, status), 0) for region in regions],
            "name": label(lang, "status", status),
            "marker": {"color": STATUS_COLOURS[status]},
            "hovertemplate": f"%{{y}}<br>{label(lang, 'status', status)}: %{{x:,d}}<extra></extra>",
        }
        for status in CODE_LISTS["status"]
        if status in present
    ]
    return _figure(
        lang,
        title_id,
        _bars_height(len(regions)),
        traces,
        barmode="stack",
        xaxis=_value_axis(lang, translate(lang, "term.measures")),
        yaxis=_category_axis(lang, regions),
    )


def _timeline_hover(lang: str) -> str:
    """Hover text of a timeline bar; customdata holds title, status, progress, start, end."""
    fields = ("field.status", "field.progress", "field.planned_start", "field.planned_end")
    lines = [f"{translate(lang, f)}: %{{customdata[{i}]}}" for i, f in enumerate(fields, 1)]
    return "<br>".join(["<b>%{y}</b> %{customdata[0]}", *lines])


def timeline(df: pd.DataFrame, lang: str, today: date) -> go.Figure:
    """Planned schedule of measures as bars coloured by health, with a line for today."""
    title_id = "chart.timeline"
    if df is None or df.empty:
        return _empty(lang, title_id, _bars_height(3))
    codes = df["code"].tolist()
    starts = pd.to_datetime(df["planned_start"]).dt.date.tolist()
    ends = pd.to_datetime(df["planned_end"]).dt.date.tolist()
    details = (df[c].tolist() for c in ("title", "status", "progress"))
    by_health: dict[str, list] = {}
    rows = zip(codes, starts, ends, *details, strict=True)
    for health, row in zip(df["health"].tolist(), rows, strict=True):
        by_health.setdefault(health, []).append(row)
    traces = []
    hover = _timeline_hover(lang)
    for health in CODE_LISTS["health"]:
        rows = by_health.get(health)
        if not rows:
            continue
        name = label(lang, "health", health)
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [code for code, *_ in rows],
                "base": [start.isoformat() for _, start, *_ in rows],
                # Milliseconds on a date axis; the end date is inclusive, hence one more day.
                "x": [((end - start).days + 1) * DAY_MS for _, start, end, *_ in rows],
                "name": name,
                "marker": {"color": HEALTH_COLOURS[health]},
                "customdata": [
                    [
                        escape(str(title)),  # typed by users: Plotly would read tags in it
                        label(lang, "status", status),
                        fmt.percent(lang, progress / 100),
                        fmt.day(lang, start),
                        fmt.day(lang, end),
                    ]
                    for _, start, end, title, status, progress in rows
                ],
                "hovertemplate": f"{hover}<extra>{name}</extra>",
            }
        )
    day = today.isoformat()
    line = {"type": "line", "x0": day, "x1": day, "y0": 0, "y1": 1, "yref": "paper"}
    line["line"] = {"color": INK, "width": 1.5, "dash": "dot"}
    note = _note(translate(lang, "chart.today"), x=day, xref="x", y=1, yanchor="bottom")
    note["font"] = {"size": 11, "color": INK}
    return _figure(
        lang,
        title_id,
        max(220, 80 + 22 * len(codes)),
        traces,
        barmode="overlay",
        xaxis={**_value_axis(lang, fixed=TIMELINE_RANGE), "type": "date"},
        yaxis=_category_axis(lang, codes),
        shapes=[line],
        annotations=[note],
    )


def history(df: pd.DataFrame, lang: str) -> go.Figure:
    """A measure's progress over time as a step line (changed_at, new_progress, new_status)."""
    title_id = "chart.history"
    if df is None or df.empty:
        return _empty(lang, title_id, 300)
    df = df.sort_values("changed_at")
    # Plotly drops time zones: show Moroccan wall-clock time.
    moments = pd.to_datetime(df["changed_at"], utc=True).dt.tz_convert(fmt.TIMEZONE)
    statuses = df["new_status"].tolist()
    progress = translate(lang, "field.progress")
    status = translate(lang, "field.status")
    line = {
        "type": "scatter",
        "x": moments.dt.tz_localize(None).tolist(),
        "y": df["new_progress"].tolist(),
        "mode": "lines+markers",
        "line": {"shape": "hv", "color": PROGRESS_COLOUR},
        "marker": {"size": 9, "color": [STATUS_COLOURS.get(s, INK) for s in statuses]},
        "customdata": [
            [fmt.datetime_short(lang, m), label(lang, "status", s)]
            for m, s in zip(moments.tolist(), statuses, strict=True)
        ],
        "hovertemplate": (
            f"%{{customdata[0]}}<br>{progress}: %{{y}}<br>{status}: %{{customdata[1]}}"
            "<extra></extra>"
        ),
        "cliponaxis": False,
        "name": progress,
        "showlegend": False,
    }
    xaxis = {**_value_axis(lang), "type": "date"}
    yaxis = {"title": {"text": progress}, "range": list(PERCENT_RANGE)}
    yaxis["side"] = _start(lang)
    return _figure(lang, title_id, 300, [line], xaxis=xaxis, yaxis=yaxis)


def health_donut(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of measures per schedule health (health, count), total in the middle."""
    title_id = "chart.health_donut"
    counts: defaultdict[str, int] = defaultdict(int)
    if df is not None and not df.empty:
        for health, count in zip(df["health"].tolist(), df["count"].tolist(), strict=True):
            counts[health] += count
    healths = [h for h in CODE_LISTS["health"] if counts[h] > 0]
    if not healths:
        return _empty(lang, title_id, 320)
    values = [int(counts[h]) for h in healths]
    pie = {
        "type": "pie",
        "labels": [label(lang, "health", h) for h in healths],
        "values": values,
        "hole": 0.55,
        "sort": False,
        # Plotly's "counterclockwise" does not mirror a donut; one direction for all languages.
        "direction": "clockwise",
        "marker": {"colors": [HEALTH_COLOURS[h] for h in healths]},
        "textinfo": "value",
        "hovertemplate": "%{label}: %{value:,d} (%{percent})<extra></extra>",
    }
    total = f"<b>{fmt.number(lang, sum(values))}</b><br>{translate(lang, 'term.measures')}"
    return _figure(lang, title_id, 320, [pie], annotations=[_note(total)])
