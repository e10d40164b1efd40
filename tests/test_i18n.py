"""Message catalogs are complete and used; pages show no untranslated text; language helpers."""

import ast
import re
import string
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from i18n import catalog
from i18n.catalog import CODE_LISTS, LANGUAGES, label, localized, resolve_language, translate
from tests.helpers import po_entries
from tests.tree import APP_CODE, ROOT, python_files

ARABIC = re.compile(r"[\u0600-\u06FF]")
FSI, PDI = "\u2068", "\u2069"


def _po(lang: str):
    """The raw catalog of one language, as Babel reads it."""
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _entries(lang: str) -> dict[str, str]:
    """Every message id of a catalog and its translation, empty or not; a message with plural
    forms gives its last form (the general one), or "" when any form is empty."""
    found = {}
    for m in _po(lang):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            found[m.id[0]] = "" if m.fuzzy or not all(m.string) else m.string[-1]
        else:
            found[m.id] = "" if m.fuzzy else m.string or ""
    return found


def _plurals(lang: str) -> dict[str, tuple[str, ...]]:
    """The messages with plural forms, and their forms."""
    return {m.id[0]: tuple(m.string) for m in _po(lang) if isinstance(m.id, tuple)}


def _call_name(node: ast.Call) -> str:
    """The called function's last name: `st.sidebar.button` -> `button`."""
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _root_name(node: ast.AST) -> str:
    """The name an attribute chain starts from: `first[0].metric` -> `first`."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return getattr(node, "id", "")


def _code_list_ids() -> set[str]:
    """Message ids of every code-list value."""
    return {f"{name}.{value}" for name, values in CODE_LISTS.items() for value in values}


# --- Completeness -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    empty = sorted(msgid for msgid, text in _entries(lang).items() if not text.strip())
    assert not empty, f"{lang}: empty or fuzzy translations: {empty}"


def test_catalogs_have_the_same_ids():
    ids = {lang: set(_entries(lang)) for lang in LANGUAGES}
    every = set().union(*ids.values())
    missing = {lang: sorted(every - have) for lang, have in ids.items() if every - have}
    assert not missing, f"ids missing from some catalogs: {missing}"


def test_placeholders_agree_across_languages():
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    entries = {lang: _entries(lang) for lang in LANGUAGES}
    wrong = {
        msgid: {lang: sorted(fields(entries[lang][msgid])) for lang in LANGUAGES}
        for msgid in entries["en"]
        if len({frozenset(fields(entries[lang].get(msgid, ""))) for lang in LANGUAGES}) > 1
    }
    assert not wrong, f"placeholders differ between languages: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_are_plain_text(lang):
    marked = sorted(m for m, text in _entries(lang).items() if re.search(r"<[a-z/]|`|\*\*", text))
    assert not marked, f"{lang}: HTML or markdown in {marked}"


def test_arabic_catalog_is_in_arabic():
    # Language names are endonyms: "Français" and "English" stay in their own script.
    latin = sorted(
        msgid
        for msgid, text in _entries("ar").items()
        if msgid not in {"lang.fr", "lang.en"}
        and re.search(r"[^\W\d_]", re.sub(r"\{\w+\}", "", text))
        and not ARABIC.search(text)
    )
    assert not latin, f"ar messages without Arabic text: {latin}"


def test_code_lists_are_in_the_catalogs():
    missing = sorted(_code_list_ids() - set(_entries("fr")))
    assert not missing, f"code-list values without a label: {missing}"


# --- Every id is used, every used id exists -----------------------------------------------

# Where message ids are referenced: t("id"), translate(lang, "id"), flash("id"), Problem(f, "id").
ID_ARGUMENT = {"t": 0, "flash": 0, "translate": 1, "Problem": 1}


def _references() -> tuple[set[str], set[str], dict[str, str]]:
    """String literals of the app code, code lists it labels, and ids passed to lookups."""
    literals: set[str] = set()
    codelists: set[str] = set()
    lookups: dict[str, str] = {}
    for path in python_files(*APP_CODE):
        module_literals: set[str] = set()
        labels_dynamic_list = False
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                module_literals.add(node.value)
            elif (
                isinstance(node, ast.JoinedStr)
                and node.values
                and isinstance(node.values[0], ast.Constant)
            ):
                # f"status.{value}" uses the whole "status" code list.
                head = str(node.values[0].value)
                if head.endswith(".") and head[:-1] in CODE_LISTS:
                    codelists.add(head[:-1])
            elif isinstance(node, ast.Call):
                name = _call_name(node)
                args = [*node.args, *(k.value for k in node.keywords)]
                if "label" in name:  # label(lang, "status", v), labels_of("status")...
                    named = {a.value for a in args if isinstance(a, ast.Constant)} & set(CODE_LISTS)
                    codelists |= named
                    labels_dynamic_list |= not named
                position = ID_ARGUMENT.get(name)
                if position is not None and len(node.args) > position:
                    arg = node.args[position]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        lookups[arg.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
        literals |= module_literals
        if labels_dynamic_list:
            # label(lang, column, value) over a tuple of code-list names written in the module.
            codelists |= module_literals & set(CODE_LISTS)
    return literals, codelists, lookups


def test_no_unused_message_ids():
    literals, codelists, _ = _references()
    unused = sorted(
        msgid
        for msgid in set(po_entries("en"))
        if msgid not in literals
        and not (msgid.partition(".")[0] in codelists and msgid in _code_list_ids())
    )
    assert not unused, (
        f"{len(unused)} message ids are never referenced in the application code "
        "(as a literal; a code list counts when its name is passed to a "
        f"label*() call or an f-string starts with 'list.'); use or remove them: {unused}"
    )


def test_every_referenced_id_is_in_the_catalogs():
    _, _, lookups = _references()
    ids = set(po_entries("en"))
    missing = {msgid: where for msgid, where in sorted(lookups.items()) if msgid not in ids}
    assert not missing, f"message ids used but not in the catalogs: {missing}"


# --- No literal user-facing text in pages -------------------------------------------------

# Streamlit calls whose first positional argument is text the user reads.
TEXT_FIRST = {
    "title", "header", "subheader", "markdown", "caption", "write", "text", "button",
    "selectbox", "text_input", "number_input", "date_input", "time_input", "text_area",
    "metric", "info", "warning", "error", "success", "toast", "form_submit_button", "tabs",
    "expander", "popover", "download_button", "radio", "multiselect", "select_slider",
    "slider", "link_button", "toggle", "checkbox", "pills", "segmented_control",
    "file_uploader", "color_picker", "chat_input", "dialog", "Column", "TextColumn",
    "NumberColumn", "CheckboxColumn", "SelectboxColumn", "DateColumn", "DatetimeColumn",
    "TimeColumn", "LinkColumn", "ListColumn", "ProgressColumn", "ImageColumn",
    "MultiselectColumn",
}  # fmt: skip
# Calls whose first argument is a script or page, not text: only their keywords are checked.
KEYWORDS_ONLY = {"page_link", "Page", "set_page_config"}
TEXT_KEYWORDS = {"label", "help", "placeholder", "title", "page_title", "display_text"}
NOT_STREAMLIT = {"logging", "logger", "log", "warnings", "sys", "buffer", "handle", "writer"}
# Tags, icon shortcodes, entities and bare URLs are not words to translate.
MARKUP = re.compile(r"<[^>]*>|:[a-z_]+/[a-z_]+:|&[a-z]+;|[a-z]+://\S*")


def _literal_text(node: ast.AST) -> list[str]:
    """Readable words written literally in an argument (f-string parts and list items too)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    elif isinstance(node, ast.List | ast.Tuple):
        return [text for item in node.elts for text in _literal_text(item)]
    else:
        return []
    return [p for p in parts if any(c.isalpha() for c in MARKUP.sub("", str(p)))]


def _literal_ui_text(path: Path, root: Path = ROOT) -> list[str]:
    """`file:line text` for every literal user-facing string in Streamlit calls of a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or _root_name(node.func) in NOT_STREAMLIT:
            continue
        name = _call_name(node)
        if name not in TEXT_FIRST | KEYWORDS_ONLY:
            continue
        args = [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        if name in TEXT_FIRST and node.args:
            args.append(node.args[0])
        found += [
            f"{path.relative_to(root)}:{node.lineno} {name}({text!r})"
            for arg in args
            for text in _literal_text(arg)
        ]
    return found


def test_pages_pass_no_literal_text_to_streamlit():
    files = python_files("pages", "ui", "dashboard.py")
    literal = [hit for path in files for hit in _literal_ui_text(path)]
    assert not literal, "user-facing text must come from the catalogs (t(...)):\n" + "\n".join(
        literal
    )


def test_literal_text_check_bites(tmp_path):
    page = tmp_path / "pages" / "sample.py"
    page.parent.mkdir()
    page.write_text(
        "import streamlit as st\n"
        "st.title('Vue d’ensemble')\n"
        "cols = st.columns(2)\n"
        "cols[0].metric(t('overview.total'), 3, help=f'Total {n}')\n"
        "st.markdown('---')\n"
        "st.Page('pages/x.py', title='Mesures')\n"
        "st.tabs([t('a'), 'Décisions'])\n"
        "logger.error('not for users')\n",
        encoding="utf-8",
    )
    hits = sorted(hit.split(" ", 1)[1] for hit in _literal_ui_text(page, tmp_path))
    assert hits == [
        "Page('Mesures')",
        "metric('Total ')",
        "tabs('Décisions')",
        "title('Vue d’ensemble')",
    ]


# --- resolve_language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "browser", "expected"),
    [
        ("ar", "en-US", "ar"), ("en", None, "en"), ("FR", "ar", "fr"),  # a valid ?lang= wins
        (None, "ar-MA", "ar"), (None, "en_US", "en"), ("xx", "en-GB", "en"),  # browser's
        ("xx", None, "fr"), (None, None, "fr"), ("", "", "fr"), ("xx", "de-DE", "fr"),
        ("<script>", "ar-", "ar"), (["ar"], 42, "fr"),  # garbage never raises
    ],
)  # fmt: skip
def test_resolve_language(requested, browser, expected):
    assert resolve_language(requested, browser) == expected


# --- translate and label ------------------------------------------------------------------


def test_translate_in_each_language():
    assert translate("fr", "overview.title") == "Vue d'ensemble"
    assert translate("en", "overview.title") == "Overview"
    assert translate("ar", "overview.title") == "نظرة عامة"


def test_translate_falls_back_to_french_then_to_the_id(monkeypatch):
    catalogs = {"ar": {}, "fr": {"only.fr": "Seulement en français"}, "en": {}}
    monkeypatch.setattr(catalog, "_catalog", catalogs.__getitem__)
    assert translate("ar", "only.fr") == "Seulement en français"
    assert translate("en", "nowhere.at_all") == "nowhere.at_all"
    assert translate("de", "only.fr") == "Seulement en français"


def test_translate_isolates_parameters():
    text = translate("ar", "error.unknown_region", code="99")
    assert text == f"رمز الجهة غير معروف: {FSI}99{PDI}."
    text = translate("fr", "error.transition", old="Programmée", new="مبرمج")
    assert text == f"Le statut ne peut pas passer de {FSI}Programmée{PDI} à {FSI}مبرمج{PDI}."


def test_translate_without_parameters_leaves_text_alone():
    assert FSI not in translate("en", "error.required")


def test_translate_needs_the_right_parameters():
    with pytest.raises(KeyError):
        translate("en", "error.too_long", plural=11, maximum=10)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("codelist", sorted(CODE_LISTS))
def test_label_for_every_code_list_value(lang, codelist):
    for value in CODE_LISTS[codelist]:
        text = label(lang, codelist, value)
        assert text and text != f"{codelist}.{value}", (lang, codelist, value)
        if lang == "ar" and codelist != "lang":  # language names are endonyms
            assert ARABIC.search(text), (codelist, value, text)


def test_label_accepts_enums_and_numbers():
    from models.codes import MeasureStatus

    assert label("fr", "status", MeasureStatus.IN_PROGRESS) == "En cours"
    assert label("en", "gcm", 15) == "Access to basic services"
    assert label("ar", "sdg", "10.7") == translate("ar", "sdg.10.7")


def test_label_of_an_unknown_value_is_the_value():
    assert label("fr", "status", "archived") == "archived"
    assert label("fr", "no_such_list", "x") == "x"


def test_catalog_ids_are_the_same_for_every_language():
    assert set(po_entries("ar")) == set(po_entries("fr")) == set(po_entries("en"))
    assert "error.stale_measure" in set(po_entries("ar"))


# --- localized ----------------------------------------------------------------------------


def test_localized_prefers_the_language():
    row = {"title_fr": "Observatoire", "title_ar": "مرصد", "title_en": "Observatory"}
    assert localized(row, "title", "ar") == ("مرصد", None)
    assert localized(row, "title", "en") == ("Observatory", None)


def test_localized_falls_back_fr_then_ar_then_en():
    assert localized({"title_fr": "Observatoire", "title_en": ""}, "title", "en") == (
        "Observatoire",
        "fr",
    )
    assert localized({"title_fr": "  ", "title_ar": "مرصد"}, "title", "en") == ("مرصد", "ar")
    assert localized({"title_en": "Observatory"}, "title", "fr") == ("Observatory", "en")
    assert localized({"title_fr": "Observatoire"}, "title", "ar") == ("Observatoire", "fr")


def test_localized_reads_objects_and_dataframe_rows():
    obj = SimpleNamespace(name_fr="Souss-Massa", name_ar="", name_en=None)
    assert localized(obj, "name", "ar") == ("Souss-Massa", "fr")
    row = pd.DataFrame({"name_fr": ["Oriental"], "name_ar": [float("nan")]}).iloc[0]
    assert localized(row, "name", "ar") == ("Oriental", "fr")


def test_localized_with_no_text_at_all():
    assert localized({}, "title", "fr") == ("", None)


# --- Plural forms -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_messages_have_every_form_of_the_language(lang):
    forms = _plurals(lang)
    assert set(forms) == set(_plurals("fr")) and len(forms) >= 6
    expected = get_plural(lang).num_plurals
    assert {msgid: len(texts) for msgid, texts in forms.items()} == dict.fromkeys(forms, expected)
    for msgid, texts in forms.items():
        general = {name for _, name, _, _ in string.Formatter().parse(texts[-1]) if name}
        for text in texts:
            assert text.strip(), (lang, msgid)
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert used <= general, (lang, msgid, text)


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fr", 0, "0 mesure"),
        ("fr", 1, "1 mesure"),
        ("fr", 2, "2 mesures"),
        ("en", 1, "1 measure"),
        ("en", 0, "0 measures"),
        ("ar", 1, "تدبير واحد"),
        ("ar", 2, "تدبيران"),
        ("ar", 3, "3 تدابير"),
        ("ar", 10, "10 تدابير"),
        ("ar", 11, "11 تدبيرًا"),
        ("ar", 99, "99 تدبيرًا"),
        ("ar", 100, "100 تدبير"),
        ("ar", 103, "103 تدابير"),
    ],
)
def test_a_count_takes_its_language_s_plural_form(lang, count, expected):
    text = translate(lang, "measures.total", plural=count, total=count, page=1, pages=1)
    assert text.replace(FSI, "").replace(PDI, "").startswith(expected)


def test_a_plural_message_without_its_count_is_a_programming_error():
    with pytest.raises(TypeError):
        translate("fr", "measures.total", total=3, page=1, pages=1)
