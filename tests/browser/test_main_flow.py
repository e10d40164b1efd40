"""End to end in Chromium: filter by region, update a measure through its form, reload."""

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from models import Measure, MeasureUpdate
from services.db import make_engine
from tests.browser.conftest import choose, sign_in, wait_idle

DOCS = Path(__file__).resolve().parents[2] / "docs"
CENTRE_CODE = "SM-02"


def measure_by_code(db_url: str, code: str) -> Measure:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = session.execute(select(Measure).where(Measure.code == code)).scalar_one()
    engine.dispose()
    return found


def history_versions(db_url: str, measure_id: int) -> list[int]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        versions = session.execute(
            select(MeasureUpdate.version).where(MeasureUpdate.measure_id == measure_id)
        ).scalars()
        found = sorted(versions)
    engine.dispose()
    return found


def region_titles(db_url: str, region: str) -> list[str]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = list(session.scalars(select(Measure.title_fr).where(Measure.region_code == region)))
    engine.dispose()
    return found


def chart_ticks(page) -> list[str]:
    """Every category tick label drawn by the page's Plotly charts."""
    # SVG text has no innerText (Playwright answers None): read its text content.
    return page.locator(".js-plotly-plot .ytick text").all_text_contents()


def test_region_filter_shows_its_measures_against_the_other_regions(page, server):
    page.goto(f"{server.url}/?region=09&lang=fr")
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Région")).to_have_value(
        re.compile("Souss-Massa"), timeout=20_000
    )
    page.wait_for_selector(".js-plotly-plot .ytick text")
    # The timeline names its rows "axis · title": Souss-Massa's measures only.
    timeline = page.locator(".js-plotly-plot", has=page.locator(".gtitle", has_text="Calendrier"))
    ticks = timeline.locator(".ytick text").all_text_contents()
    rows = [tick.split(" · ", 1) for tick in ticks if " · " in tick]
    titles = region_titles(server.db_url, "09")
    assert rows, "the timeline names its measures"
    assert all(any(title.startswith(shown.rstrip("…")) for title in titles) for _, shown in rows)
    # The by-region charts keep the other regions for comparison, the chosen one in bold.
    assert {"Oriental", "Béni Mellal-Khénifra", "Souss-Massa"} <= set(chart_ticks(page))
    bold = page.locator('.js-plotly-plot .ytick text tspan[style*="bold"]')
    assert set(bold.all_text_contents()) == {"Souss-Massa"}


def test_update_a_measure_through_its_form_and_reload(page, server):
    centre = measure_by_code(server.db_url, CENTRE_CODE)
    assert centre.status == "in_progress"
    before = history_versions(server.db_url, centre.id)
    # Anonymous readers get no form: the Souss-Massa editor signs in first.
    sign_in(page, server.url, f"/measure?id={centre.id}&region=09&lang=fr")
    expect(page.get_by_text("Centre régional d'orientation", exact=False).first).to_be_visible()

    choose(page, "Statut", "Achevée")
    page.get_by_role("spinbutton", name="Avancement (%)").fill("100")
    page.get_by_role("textbox", name="Note (ce qui a changé et pourquoi)").fill(
        "Centre ouvert à Agadir"
    )
    page.get_by_role("button", name="Enregistrer la mise à jour").click()
    # Values in messages are wrapped in bidi isolates (U+2068 … U+2069).
    saved = re.compile(rf"Mesure \W?{CENTRE_CODE}\W? enregistrée")
    expect(page.get_by_text(saved).first).to_be_visible()

    page.reload()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Avancement : \W?100\W*%")).first).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("Achevée")
    after = history_versions(server.db_url, centre.id)
    assert after == [*before, before[-1] + 1]
    saved = measure_by_code(server.db_url, CENTRE_CODE)
    assert (saved.status, saved.progress, saved.version) == ("completed", 100, after[-1])


def test_overview_screenshot_for_the_readme(page, server):
    page.goto(f"{server.url}/?lang=fr")
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .ytick text")
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "overview-fr.png"))
    assert (DOCS / "overview-fr.png").stat().st_size > 50_000


def test_a_row_of_the_list_opens_its_measure_in_the_same_tab(page, server):
    centre = measure_by_code(server.db_url, CENTRE_CODE)
    page.goto(f"{server.url}/measures?region=09&lang=ar")
    wait_idle(page)
    # The menu's links carry the language and region, for a link opened in a new tab.
    menu = page.get_by_test_id("stSidebar").get_by_role("link", name="الاستراتيجيات")
    expect(menu).to_have_attribute("href", "strategies?lang=ar&region=09")
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    # The grid has no right-to-left mode: every language's grid starts with the row chooser
    # on the left, then the pinned code and title. SM-02 is the second row.
    page.mouse.click(box["x"] + 15, box["y"] + 35 * 2 + 17)
    page.wait_for_url(re.compile(rf"/measure\?id={centre.id}&lang=ar&region=09$"))
    assert len(page.context.pages) == 1
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(CENTRE_CODE)
    # Back is the list again, not a bounce into the measure.
    page.go_back()
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("التدابير")
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    assert "/measures?" in page.url and "id=" not in page.url
