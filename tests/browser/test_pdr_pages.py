"""The pages against the PDR in a real browser: the overview's expected progress, the
scorecard's twelve regions, the coverage matrix; and their screenshots for docs/screens."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_idle

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
GRID_ROWS = """() => [...document.querySelectorAll(
    '[data-testid="stDataFrame"] table[role="grid"]')]
    .map(t => Number(t.getAttribute('aria-rowcount')))"""


def shoot(page, name: str) -> None:
    """Keep a screenshot of the page as a reader sees it, for the documentation."""
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.fixture
def tall_page(browser):
    """A desk-sized page tall enough to hold each of these pages without scrolling."""
    page = browser.new_page(viewport={"width": 1400, "height": 1900})
    yield page
    page.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_overview_sets_each_region_against_its_expected_progress(tall_page, server, lang):
    page = tall_page
    page.goto(f"{server.url}/?lang={lang}")
    wait_idle(page)
    expected = {"fr": "Attendu aujourd'hui (%)", "ar": "المتوقع اليوم (%)"}[lang]
    progress = page.locator(".js-plotly-plot").first
    expect(progress.locator(".legendtext", has_text=expected)).to_be_visible(timeout=20_000)
    # One tick per region, where its measures should stand today.
    expect(progress.locator(".scatterlayer .point")).to_have_count(3)
    expect(page.get_by_text("2022–2027", exact=False).first).to_be_visible()
    shoot(page, f"pdr-overview-{lang}")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_scorecard_shows_the_twelve_regions(tall_page, server, lang):
    page = tall_page
    page.goto(f"{server.url}/scorecard?lang={lang}")
    wait_idle(page)
    page.wait_for_selector('[data-testid="stDataFrame"] th[role="columnheader"]', state="attached")
    assert page.evaluate(GRID_ROWS) == [13]  # the heading row and twelve regions
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    shoot(page, f"scorecard-{lang}")


def test_the_coverage_matrix_has_every_region_and_names_the_gaps(tall_page, server):
    page = tall_page
    page.goto(f"{server.url}/coverage?lang=fr")
    wait_idle(page)
    page.wait_for_selector('[data-testid="stDataFrame"] th[role="columnheader"]', state="attached")
    assert page.evaluate(GRID_ROWS) == [13]
    expect(page.get_by_text("sans aucune mesure, dans aucune région")).to_be_visible()
    page.get_by_text("ODD", exact=True).click()
    wait_idle(page)
    expect(page.locator("th", has_text="10.7").first).to_be_attached()  # an SDG target
    shoot(page, "coverage-fr")
