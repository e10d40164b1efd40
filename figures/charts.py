"""Plotly figure builders: pure functions of a DataFrame and a language (graph_objects only)."""

from collections import defaultdict
from datetime import date
from html import escape

import pandas as pd
import plotly.graph_objects as go

from figures import layout
from i18n import formats
from i18n.catalog import CODE_LISTS, label, translate

SHORT_TITLE = 40  # characters of a title naming a chart's row; the table shows it whole


def _opacities(df: pd.DataFrame, regions: list, chosen: str | None) -> list[float] | float:
    """Full for the chosen region's bar (every bar when none is chosen), lighter for others."""
    if chosen is None:
        return 1.0
    name = _chosen_name(df, chosen)
    return [1.0 if region == name else layout.OTHER_REGION_OPACITY for region in regions]


def _chosen_name(df: pd.DataFrame, chosen: str | None) -> str | None:
    """The shown name of the chosen region (None when none is chosen or it has no row)."""
    if chosen is None:
        return None
    names = df.loc[df["region_code"] == chosen, "region_name"]
    return names.iloc[0] if len(names) else None


def _expected_marks(df: pd.DataFrame, lang: str, rows: list, opacity) -> dict:
    """A tick on each bar where its measures should stand today (the `expected` column)."""
    name = translate(lang, "chart.expected")
    return {
        "type": "scatter",
        "mode": "markers",
        "orientation": "h",
        "y": rows,
        "x": df["expected"].tolist(),
        "name": name,
        "marker": {
            "symbol": "line-ns",
            "size": 22,
            "line": {"width": 4, "color": layout.INK},
            "opacity": opacity,
        },
        "hovertemplate": f"%{{y}}<br>{name}: %{{x:.0f}}<extra></extra>",
    }


def _progress_bars(df: pd.DataFrame, lang: str, title_id: str, rows: list, chosen) -> go.Figure:
    """Average progress per row (bars) against expected progress today (ticks), the `chosen`
    row (a shown name) in full colour and bold, the others lighter."""
    progress = df["avg_progress"].tolist()
    axis_title = translate(lang, "chart.avg_progress")
    measures = translate(lang, "term.measures")
    opacity = (
        1.0
        if chosen is None
        else [1.0 if r == chosen else layout.OTHER_REGION_OPACITY for r in rows]
    )
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": rows,
        "x": progress,
        "name": axis_title,
        "marker": {"color": layout.PROGRESS_COLOUR, "opacity": opacity},
        "text": [formats.percent(lang, None if pd.isna(v) else v / 100) for v in progress],
        "textposition": "auto",
        "textangle": 0,
        "constraintext": "none",  # Plotly would shrink the label to a few pixels in thin bars
        "customdata": df["measures"].tolist(),
        "hovertemplate": (
            f"%{{y}}<br>{axis_title}: %{{x:.0f}}<br>{measures}: %{{customdata:,d}}<extra></extra>"
        ),
    }
    return layout.figure(
        lang,
        title_id,
        layout.bars_height(len(rows)),
        [bar, _expected_marks(df, lang, rows, opacity)],
        xaxis=layout.value_axis(lang, translate(lang, "chart.progress_axis"), layout.PERCENT_RANGE),
        yaxis=layout.chosen_axis(lang, rows, chosen),
    )


def progress_by_region(df: pd.DataFrame, lang: str, chosen: str | None = None) -> go.Figure:
    """Average progress per region against expected progress today (region_code, region_name,
    measures, avg_progress and expected, 0-100), the `chosen` region's bar in full colour and
    its name in bold."""
    title_id = "chart.progress_by_region"
    if df is None or df.empty:
        return layout.empty(lang, title_id, layout.bars_height(3))
    rows = df["region_name"].tolist()
    return _progress_bars(df, lang, title_id, rows, _chosen_name(df, chosen))


def progress_by_axis(df: pd.DataFrame, lang: str) -> go.Figure:
    """A region's axes (code, axis_title, measures, avg_progress, expected) as
    `progress_by_region` draws regions."""
    title_id = "chart.progress_by_axis"
    if df is None or df.empty:
        return layout.empty(lang, title_id, layout.bars_height(3))
    rows = [_short_label(c, t, c) for c, t in zip(df["code"], df["axis_title"], strict=True)]
    return _progress_bars(df, lang, title_id, rows, None)


def status_mix(df: pd.DataFrame, lang: str, chosen: str | None = None) -> go.Figure:
    """Measures per region stacked by status (region_code, region_name, status, count), the
    `chosen` region's bar in full colour and its name in bold."""
    title_id = "chart.status_mix"
    if df is None or df.empty:
        return layout.empty(lang, title_id, layout.bars_height(3))
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
            "marker": {
                "color": layout.STATUS_COLOURS[status],
                "opacity": _opacities(df, regions, chosen),
            },
            "hovertemplate": f"%{{y}}<br>{label(lang, 'status', status)}: %{{x:,d}}<extra></extra>",
        }
        for status in CODE_LISTS["status"]
        if status in present
    ]
    return layout.figure(
        lang,
        title_id,
        layout.bars_height(len(regions)),
        traces,
        barmode="stack",
        xaxis=layout.value_axis(lang, translate(lang, "term.measures")),
        yaxis=layout.chosen_axis(lang, regions, _chosen_name(df, chosen)),
    )


def _timeline_hover(lang: str) -> str:
    """Hover text of a timeline bar; customdata holds title, status, progress, start, end."""
    fields = ("field.status", "field.progress", "field.planned_start", "field.planned_end")
    lines = [f"{translate(lang, f)}: %{{customdata[{i}]}}" for i, f in enumerate(fields, 1)]
    return "<br>".join(["<b>%{y}</b>", "%{customdata[0]}", *lines])


def _short_label(axis_code, title: str, code: str) -> str:
    """A row's name: its axis code, then its title cut to fit (`code` when untitled)."""
    text = str(title).strip() or code
    text = text if len(text) <= SHORT_TITLE else text[: SHORT_TITLE - 1].rstrip() + "…"
    return escape(text if axis_code is None or pd.isna(axis_code) else f"{axis_code} · {text}")


def timeline(df: pd.DataFrame, lang: str, today: date) -> go.Figure:
    """Planned schedule of measures (in the frame's order, grouped by axis) as bars coloured by
    health, each row named by its axis and title, with a line for today."""
    title_id = "chart.timeline"
    if df is None or df.empty:
        return layout.empty(lang, title_id, layout.bars_height(3))
    codes = df["code"].tolist()
    names = [
        _short_label(*row)
        for row in zip(df["axis_code"].tolist(), df["title"].tolist(), codes, strict=True)
    ]
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
                "x": [((end - start).days + 1) * layout.DAY_MS for _, start, end, *_ in rows],
                "name": name,
                "marker": {"color": layout.HEALTH_COLOURS[health]},
                "customdata": [
                    [
                        escape(str(title)),  # typed by users: Plotly would read tags in it
                        label(lang, "status", status),
                        formats.percent(lang, progress / 100),
                        formats.day(lang, start),
                        formats.day(lang, end),
                    ]
                    for _, start, end, title, status, progress in rows
                ],
                "hovertemplate": f"{hover}<extra>{name}</extra>",
            }
        )
    day = today.isoformat()
    line = {"type": "line", "x0": day, "x1": day, "y0": 0, "y1": 1, "yref": "paper"}
    line["line"] = {"color": layout.INK, "width": 1.5, "dash": "dot"}
    note = layout.note(translate(lang, "chart.today"), x=day, xref="x", y=1, yanchor="bottom")
    note["font"] = {"size": 11, "color": layout.INK}
    return layout.figure(
        lang,
        title_id,
        max(220, 80 + 22 * len(codes)),
        traces,
        barmode="overlay",
        xaxis={**layout.value_axis(lang, fixed=layout.TIMELINE_RANGE), "type": "date"},
        yaxis={
            **layout.category_axis(lang, codes),
            **{"tickmode": "array", "tickvals": codes, "ticktext": names},
        },
        shapes=[line],
        annotations=[note],
    )


def history(df: pd.DataFrame, lang: str) -> go.Figure:
    """A measure's progress over time as a step line (changed_at, new_progress, new_status)."""
    title_id = "chart.history"
    if df is None or df.empty:
        return layout.empty(lang, title_id, 300)
    df = df.sort_values("changed_at")
    # Plotly drops time zones: show Moroccan wall-clock time.
    moments = pd.to_datetime(df["changed_at"], utc=True).dt.tz_convert(formats.TIMEZONE)
    statuses = df["new_status"].tolist()
    progress = translate(lang, "field.progress")
    status = translate(lang, "field.status")
    line = {
        "type": "scatter",
        "x": moments.dt.tz_localize(None).tolist(),
        "y": df["new_progress"].tolist(),
        "mode": "lines+markers",
        "line": {"shape": "hv", "color": layout.PROGRESS_COLOUR},
        "marker": {
            "size": 9,
            "color": [layout.STATUS_COLOURS.get(s, layout.INK) for s in statuses],
        },
        "customdata": [
            [formats.datetime_short(lang, m), label(lang, "status", s)]
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
    xaxis = {**layout.value_axis(lang), "type": "date"}
    yaxis = {"title": {"text": progress}, "range": list(layout.PERCENT_RANGE)}
    yaxis["side"] = layout.start_side(lang)
    return layout.figure(lang, title_id, 300, [line], xaxis=xaxis, yaxis=yaxis)


def health_donut(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of measures per schedule health (health, count), total in the middle."""
    title_id = "chart.health_donut"
    counts: defaultdict[str, int] = defaultdict(int)
    if df is not None and not df.empty:
        for health, count in zip(df["health"].tolist(), df["count"].tolist(), strict=True):
            counts[health] += count
    healths = [h for h in CODE_LISTS["health"] if counts[h] > 0]
    if not healths:
        return layout.empty(lang, title_id, 320)
    values = [int(counts[h]) for h in healths]
    pie = {
        "type": "pie",
        "labels": [label(lang, "health", h) for h in healths],
        "values": values,
        "hole": 0.55,
        "sort": False,
        # Plotly's "counterclockwise" does not mirror a donut; one direction for all languages.
        "direction": "clockwise",
        "marker": {"colors": [layout.HEALTH_COLOURS[h] for h in healths]},
        "textinfo": "value",
        "hovertemplate": "%{label}: %{value:,d} (%{percent})<extra></extra>",
    }
    count = sum(values)
    noun = translate(lang, "chart.measures_noun", plural=count)
    total = f"<b>{formats.number(lang, count)}</b><br>{noun}"
    return layout.figure(lang, title_id, 320, [pie], annotations=[layout.note(total)])
