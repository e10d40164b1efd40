"""The Arabic interface reads right to left in a real browser."""

from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from models import Measure
from services.db import make_engine
from tests.browser.conftest import wait_idle

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_arabic_overview_is_right_to_left(page, server):
    page.goto(f"{server.url}/?lang=ar")
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .ytick text")
    direction = page.locator('[data-testid="stMain"]').evaluate(
        "element => getComputedStyle(element).direction"
    )
    assert direction == "rtl"
    main = page.locator('[data-testid="stMain"]').bounding_box()
    sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
    assert sidebar["x"] > main["x"], "the sidebar sits on the right"
    assert page.locator("h1").first.inner_text() == "نظرة عامة"
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "overview-ar.png"))


def test_arabic_region_filter_lists_arabic_names(page, server):
    page.goto(f"{server.url}/?lang=ar")
    wait_idle(page)
    combobox = page.get_by_role("combobox", name="الجهة")
    combobox.click()
    combobox.press("ArrowDown")
    options = page.get_by_role("option").all_inner_texts()
    assert any("سوس-ماسة" in option for option in options), options
    assert any("الشرق" in option for option in options), options


def test_arabic_progress_fills_from_the_right(page, server):
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        centre = session.scalar(select(Measure.id).where(Measure.code == "SM-02"))
    engine.dispose()
    page.goto(f"{server.url}/measure?id={centre}&region=09&lang=ar")
    wait_idle(page)
    track = page.locator('[data-testid="stProgressBarTrack"]').first
    page.wait_for_function(
        """() => {
            const track = document.querySelector('[data-testid="stProgressBarTrack"]');
            return track !== null && getComputedStyle(track).transform !== 'none';
        }"""
    )
    bar, fill = track.bounding_box(), track.locator("div").first.bounding_box()
    visible_start = max(fill["x"], bar["x"])
    assert visible_start > bar["x"] + 1, "a partial bar starts away from the left edge"
