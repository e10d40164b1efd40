"""Every page, in Arabic, French and English: no serious accessibility fault, icons as icons."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select
from sqlmodel import Session

from models import Measure
from services.db import make_engine
from tests.browser.conftest import wait_idle

LANGUAGES = ("ar", "fr", "en")
# Faults outside the app's reach, each with the reason. Streamlit's data grid numbers the cells
# of every table from glide-cell-0-0, so a page with two tables repeats those ids.
OUTSIDE = {"duplicate-id-active": "Streamlit's data grid (glide) ids repeat across tables"}
SERIOUS = ("serious", "critical")
# The page's own styles (ui/styles.py) arrive with the run: the sidebar icons darkened.
STYLED = """() => [...document.querySelectorAll(
    '[data-testid="stSidebar"] [data-testid="stIconMaterial"]')]
    .every(e => getComputedStyle(e).color === "rgb(74, 73, 72)")"""
# Icons are ligatures: a word ("add", "lock") shown in the icon font, or as a word without it.
ICONS_IN_TEXT_FONT = """() => [
    ...document.querySelectorAll('[translate="no"], [data-testid*="Icon"]')]
    .filter(e => e.children.length === 0 && /^[a-z_]+$/.test(e.textContent.trim()))
    .filter(e => !getComputedStyle(e).fontFamily.includes("Material"))
    .map(e => e.textContent.trim())"""


@pytest.fixture(scope="module")
def pages(server) -> list[str]:
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        centre = session.scalar(select(Measure.id).where(Measure.code == "SM-02"))
    engine.dispose()
    return [
        "/?region=09",
        "/measures?region=09",
        f"/measure?id={centre}&region=09",
        "/strategies?region=09",
        "/committees?region=09",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_fault_and_every_icon_in_its_font(page, server, pages, lang):
    axe = Axe()
    for path in pages:
        page.goto(f"{server.url}{path}&lang={lang}")
        wait_idle(page)
        page.wait_for_function(STYLED)
        found = axe.run(page).response["violations"]
        serious = [
            (fault["id"], [node["target"] for node in fault["nodes"]][:3])
            for fault in found
            if fault["impact"] in SERIOUS and fault["id"] not in OUTSIDE
        ]
        assert not serious, (path, lang, serious)
        assert page.evaluate(ICONS_IN_TEXT_FONT) == [], (path, lang)


def test_the_sign_in_page_has_no_fault_at_all(page, server):
    page.goto(f"{server.url}/signin?lang=ar")
    found = Axe().run(page).response["violations"]
    assert [fault["id"] for fault in found if fault["impact"] in SERIOUS] == []
