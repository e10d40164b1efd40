"""On a phone the overview's figures go two to a line, and the first chart is on screen."""

import pytest

from tests.browser.conftest import wait_idle

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_first_chart_is_on_a_phone_s_first_screen(browser, server, lang):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/?region=09&lang={lang}")
        wait_idle(page)
        page.wait_for_selector(".js-plotly-plot .ytick text")
        first_chart = page.locator(".js-plotly-plot").first.bounding_box()
        assert first_chart["y"] < PHONE["height"], first_chart
        figures = page.locator('[data-testid="stMetric"]')
        # Two to a line: the second figure sits beside the first, not below it (a long label
        # wraps, so the figures' tops align, not their values).
        assert abs(figures.nth(0).bounding_box()["y"] - figures.nth(1).bounding_box()["y"]) < 5
    finally:
        context.close()
