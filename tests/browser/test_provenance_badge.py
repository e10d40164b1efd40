"""In Chromium: an editor's update turns the changed fields' badge to "recorded", by name."""

import re

from playwright.sync_api import expect

from i18n.catalog import translate
from tests.browser.conftest import ACCOUNTS, sign_in
from tests.browser.test_main_flow import measure_by_code

CODE = "BMK-02"


def test_an_update_turns_the_badge_of_the_changed_fields_to_recorded(page, server):
    measure = measure_by_code(server.db_url, CODE)
    sign_in(page, server.url, f"/measure?id={measure.id}&lang=fr", username="editor.bmk")
    expect(page.get_by_text(f"{CODE} ·", exact=False).first).to_be_visible()
    recorded = re.compile(r"^Saisi dans Marsad par")
    expect(page.get_by_text(recorded)).to_have_count(0)
    illustrative = translate("fr", "provenance.group_illustrative")
    expect(page.get_by_text(illustrative).first).to_be_visible()

    progress = measure.progress + 1 if measure.progress < 100 else measure.progress - 1
    page.get_by_role("spinbutton", name="Avancement (%)").fill(str(progress))
    page.get_by_role("textbox", name="Note (ce qui a changé et pourquoi)").fill("Suivi trimestriel")
    page.get_by_role("button", name="Enregistrer la mise à jour").click()
    expect(page.get_by_text(re.compile(rf"Mesure \W?{CODE}\W? enregistrée")).first).to_be_visible()

    # The progress is now Marsad's own record, by the editor's display name, never the login.
    name = ACCOUNTS["editor.bmk"][0]
    badge = page.get_by_text(re.compile(rf"^Saisi dans Marsad par \W?{name}\W? le "))
    expect(badge).to_have_count(1)
    expect(page.get_by_text(re.compile(r"Saisi dans Marsad par \W?editor\.bmk"))).to_have_count(0)
