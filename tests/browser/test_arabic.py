"""The Arabic interface reads right to left in a real browser."""

from pathlib import Path

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
