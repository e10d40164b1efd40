"""The measure page badges each field group with its own provenance, in the reader's language."""

import pytest

from i18n.catalog import translate
from tests.helpers import measure_where
from tests.pages_helpers import button, no_exception, open_page, sign_in_as

pytestmark = pytest.mark.usefixtures("app_env")


def badges(at) -> list[str]:
    """The texts of the page's badges, unescaped."""
    shown = [m.value for m in at.markdown if "-badge[" in m.value]
    return [v.split("-badge[", 1)[1][:-1].replace("\\", "") for v in shown]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_article_measure_badges_the_article_and_the_illustrative_groups(engine, lang):
    measure = measure_where(engine, code="SM-02")
    at = open_page("measure", id=str(measure.id), lang=lang)
    no_exception(at)
    shown = badges(at)
    article = translate(lang, "common.provenance", source=translate(lang, "provenance.article"))
    assert article in shown
    assert translate(lang, "provenance.group_illustrative") in shown
    assert not any("Workshop report" in b or "Rapport de l'atelier" in b for b in shown)


def test_illustrative_measure_shows_no_group_badges(engine):
    measure = measure_where(engine, code="OR-01")
    at = open_page("measure", id=str(measure.id), lang="fr")
    no_exception(at)
    assert translate("fr", "provenance.group_illustrative") not in badges(at)


def test_an_update_shows_who_recorded_the_changed_fields(engine, seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    measure = measure_where(engine, code="SM-02")
    at = open_page("measure", id=str(measure.id), region="09")
    at.number_input(key=f"measure.{measure.id}.progress").set_value(measure.progress + 10)
    button(at, translate("fr", "measure.form.submit")).click().run()
    no_exception(at)
    recorded = [b for b in badges(at) if "Editor.Souss" in b]
    assert len(recorded) == 1
    sentence = translate("fr", "provenance.group_recorded", who="Editor.Souss", when="@")
    assert recorded[0].startswith(sentence.split("@")[0])
