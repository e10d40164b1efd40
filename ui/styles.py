"""Page styles: right-to-left layout for Arabic, and the few classes every language shares."""

import html

from i18n.catalog import translate
from i18n.direction import ARABIC_FONTS, direction, is_rtl
from security.headers import DOCUMENT_LANGUAGE_SCRIPT

SHARED_CSS = """
.marsad-fallback { font-style: italic; opacity: 0.8; }
/* WCAG AA contrast (4.5:1): Streamlit dims captions and the sidebar's links and icons to
   60 % (3.8:1 on their background); its emotion classes come later, hence !important. */
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #5C5B5A !important; }
[data-testid="stSidebar"] :is([data-testid="stPageLink-NavLink"] p, [data-testid="stIconMaterial"])
  { color: #4A4948 !important; }
/* On a phone Streamlit stacks columns one per line; figures (metrics) go two to a line. */
@media (max-width: 640px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap !important; flex-direction: row !important;
  }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] { flex: 1 1 45% !important; min-width: 45% !important; }
  [data-testid="stMetricValue"] { font-size: 1.35rem !important; }
  /* Half a phone is too narrow for a long label on one line: it wraps instead of being cut. */
  [data-testid="stMetricLabel"] :is(div, p) {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  }
}
/* The sign-out form is plain HTML (it posts to /auth/logout): dressed as a secondary button. */
.marsad-signout button {
  font: inherit; padding: 0.25rem 0.75rem; cursor: pointer; color: inherit;
  background: transparent; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
}
.marsad-signout button:hover { border-color: #0F6E6E; color: #0F6E6E; }
"""

# Checked against Streamlit 1.67's DOM: the sidebar <section data-testid="stSidebar"> is the
# first flex child (flex-direction: row) of [data-testid="stAppViewContainer"]; the header is
# absolutely placed inside the main column; menus and dialogs live in portals under <body>.
# Icons are ligatures of the Material Symbols font (an expander's "add", a link's "arrow_back"),
# marked translate="no" and with a data-testid naming an icon: they keep their own font.
RTL_CSS = f"""
/* The sidebar on the right: the document's dir="rtl" (set by document_language once the page
   runs) mirrors the row by itself; until then, the row is reversed. No angle brackets in this
   CSS: the HTML sanitiser drops a style element whose text looks like markup. */
html:not([dir="rtl"]) [data-testid="stAppViewContainer"] {{ flex-direction: row-reverse; }}
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stHeader"],
[data-baseweb="popover"], [data-baseweb="tooltip"], [role="dialog"] {{
  direction: rtl; text-align: right;
}}
:is([data-testid="stMain"], [data-testid="stSidebar"], [data-baseweb="popover"], [role="dialog"])
  :not([data-testid*="Icon"]):not([translate="no"]):not(code):not(pre):not(pre *) {{
  font-family: {ARABIC_FONTS};
}}
/* Each paragraph takes the direction of its first letter: codes and numbers stay readable. */
:is([data-testid="stMain"], [data-testid="stSidebar"], [role="dialog"])
  :is(p, li, h1, h2, h3, h4, h5, h6, label, td, th, input, textarea, [data-testid="stText"],
      [data-testid="stMetricLabel"], [data-testid="stMetricValue"]) {{
  unicode-bidi: plaintext; text-align: right;
}}
/* Charts mirror themselves (figures.layout): in a right-to-left document Plotly measures its
   labels wrongly (in its tester element under the body) and cuts the y axis ticks. */
:is([data-testid="stPlotlyChart"], #js-plotly-tester) {{ direction: ltr; }}
/* Progress bars fill from the right, where Arabic reading starts. */
[data-testid="stProgressBarTrack"] {{ transform: scaleX(-1); }}
/* Confirmations appear on the left, away from the sidebar's links. */
[data-testid="stToastContainer"] {{ right: auto; left: 1rem; }}
/* Addresses read left to right: "https://" would show as "//:https". */
[data-testid="stMain"] input[placeholder^="https://"] {{ direction: ltr; text-align: left; }}
/* A collapsed sidebar slides out to the right (Streamlit slides it left, across the page). */
[data-testid="stSidebar"][data-collapsed="true"] {{ transform: translateX(100vw) !important; }}
/* The resize handle only works from the right edge, which is now the window's edge. */
[data-testid="stSidebarResizeHandle"] {{ display: none; }}
[data-testid="stSidebar"] {{ border-left: 1px solid rgba(49, 51, 63, 0.1); }}
:is([data-testid="stSidebarCollapseButton"], [data-testid="stExpandSidebarButton"])
  [data-testid="stIconMaterial"] {{
  transform: scaleX(-1);
}}
/* The header's right-hand block pushes itself away with margin-left: auto; mirror that. */
[data-testid="stToolbar"] > div > div:has([data-testid="stToolbarActions"]) {{
  margin-left: 0; margin-right: auto;
}}
"""


def direction_css(lang: str) -> str:
    """A <style> block for the page in lang (right to left for Arabic), for st.html."""
    css = SHARED_CSS + (RTL_CSS if is_rtl(lang) else "")
    return f"<style>{css}</style>"


def document_language(lang: str) -> str:
    """A script (allowed by its hash) that sets `lang` and `dir` on <html> and words the file
    uploader in the reader's language, for st.html."""
    upload = html.escape(translate(lang, "evidence.choose_file"))
    return (
        f'<script data-lang="{lang}" data-dir="{direction(lang)}" data-upload="{upload}">'
        f"{DOCUMENT_LANGUAGE_SCRIPT}</script>"
    )
