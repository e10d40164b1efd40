"""Widget values kept in the query string, so a view can be shared: read before, write after.

Streamlit's `bind="query-params"` writes a selectbox's *displayed label* into the URL (checked
on 1.67: `?region=09` is dropped, `?region=Souss-Massa` is accepted), which would break the
`?region=09` / `?lang=fr` contract and change with the language. So codes are mirrored here.
"""

import streamlit as st


def url_values(param: str) -> list[str]:
    """Every value of a query parameter."""
    return list(st.query_params.get_all(param))


def _written_key(key: str) -> str:
    return f"{key}.url"


def seed_from_url(key: str, param: str, valid, *, multi: bool = False) -> list[str]:
    """Before a widget is drawn, take its value from ?param= when the URL brings a new one.

    Widgets keep their own state across reruns and pages; the URL wins only when it carries a
    value that differs from the one this session last wrote (a shared link, a page link, the
    browser's back button). Returns the URL values that are not valid options.
    """
    raw = url_values(param)
    if not raw:
        return []
    known = [v for v in raw if v in valid]
    unknown = [v for v in raw if v not in valid]
    written = st.session_state.get(_written_key(key))
    wanted = known if multi else (known[-1] if known else None)
    if known and (wanted != written or key not in st.session_state):
        st.session_state[key] = wanted
        st.session_state[_written_key(key)] = wanted
    return unknown


def hold(key: str, valid, default) -> None:
    """Give a frame widget its current value explicitly before it is drawn.

    The frame's widget identities change when Streamlit leaves its folder mode (see
    ui.navigation.leave_folder_mode); stating the value each run keeps the choice instead of
    falling back to the default.
    """
    value = st.session_state.get(key, default)
    st.session_state[key] = value if value in valid else default


def write_to_url(key: str, param: str, value, default=None) -> None:
    """Mirror a widget's value into ?param= (removed when it is the default)."""
    st.session_state[_written_key(key)] = value
    values = [] if value in (None, default, [], ()) else value
    values = [values] if isinstance(values, str) else [str(v) for v in values]
    if url_values(param) == values:
        return
    if values:
        st.query_params[param] = values if len(values) > 1 else values[0]
    elif param in st.query_params:
        del st.query_params[param]
