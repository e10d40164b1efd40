"""Every page in every language: no exception, no raw message id, Arabic text in Arabic."""

import re

import pytest

from i18n.catalog import LANGUAGES, translate
from tests.helpers import measure_where, po_entries
from tests.pages_helpers import no_exception, open_page

ARABIC = re.compile(r"[\u0600-\u06FF]")
PAGES = ["overview", "measures", "measure", "strategies", "committees", "methodology"]
TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "info",
    "warning",
    "error",
    "success",
)

pytestmark = pytest.mark.usefixtures("app_env")


def shown_texts(at) -> list[str]:
    """Every text a user reads on the page: headings, paragraphs, labels, metric values."""
    texts = [str(e.value) for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    for widgets in (at.selectbox, at.multiselect, at.text_input, at.number_input, at.button):
        texts += [w.label for w in widgets]
    texts += [str(option) for box in at.selectbox for option in box.options]
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_page_in_every_language(page, lang, engine):
    query = {"lang": lang, "region": "09"}
    if page == "measure":
        query["id"] = str(measure_where(engine, code="SM-02").id)
    at = open_page(page, **query)
    no_exception(at)
    texts = shown_texts(at)
    assert texts, "the page shows text"
    ids = set(po_entries("fr"))
    raw = [text for text in texts if text.strip() in ids]
    assert not raw, f"message ids shown raw: {raw}"
    arabic = [text for text in texts if ARABIC.search(text)]
    if lang == "ar":
        assert len(arabic) > len(texts) / 2, f"mostly Arabic expected, got {texts[:20]}"
    else:
        assert len(arabic) < len(texts) / 10, f"{lang} page shows Arabic: {arabic[:10]}"


@pytest.mark.parametrize("garbage", ["xx", "ar-XX-<script>", ""])
def test_unknown_language_falls_back_to_french(garbage):
    at = open_page("overview", lang=garbage)
    no_exception(at)
    assert at.title[0].value == translate("fr", "overview.title")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_method_page_explains_health_provenance_and_the_words(lang):
    at = open_page("methodology", lang=lang)
    no_exception(at)
    texts = shown_texts(at)
    gap = translate(lang, "methodology.health_text", gap="15")
    assert gap.replace("\u2068", "").replace("\u2069", "") in [
        x.replace("\u2068", "").replace("\u2069", "") for x in texts
    ]
    for meaning in ("article", "public", "illustrative", "recorded"):
        assert translate(lang, f"methodology.provenance.{meaning}") in texts
    glossary = at.table[0].value
    assert len(glossary) == 10
    assert translate(lang, "glossary.snmre.term") in set(glossary.iloc[:, 0])


def test_the_overview_counts_statuses_on_one_line():
    at = open_page("overview", lang="fr", region="09")
    no_exception(at)
    line = next(x.value for x in at.text if "Programmée" in x.value)
    shown = line.replace("\u2068", "").replace("\u2069", "")
    assert shown.count(" · ") == 4 and "En cours : 6" in shown
