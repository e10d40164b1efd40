"""Signing in that lasts, region-scoped forms, and signing out, in Chromium against server.py."""

import re

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from models import Measure
from security.browser import SESSION_COOKIE
from services.db import make_engine
from tests.browser.conftest import EDITOR, sign_in, wait_idle

SIGNED_IN = "Connecté en tant que"
ANONYMOUS = "Non connecté : consultation publique, en lecture seule."
SUBMIT = "Enregistrer la mise à jour"


def measure(db_url: str, code: str) -> Measure:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = session.execute(select(Measure).where(Measure.code == code)).scalar_one()
    engine.dispose()
    return found


def open_measure(page, base: str, found: Measure) -> None:
    page.goto(f"{base}/measure?id={found.id}&lang=fr")
    wait_idle(page)
    expect(page.get_by_text(found.code, exact=False).first).to_be_visible()


def session_cookie(page) -> dict:
    [cookie] = [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
    return cookie


def test_sign_in_lasts_follows_the_region_and_sign_out_kills_the_cookie(page, server, browser):
    souss = measure(server.db_url, "SM-03")
    sign_in(page, server.url, f"/measure?id={souss.id}&lang=fr")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(SIGNED_IN)).to_be_visible()
    expect(sidebar.get_by_text("Éditrice Souss-Massa · Éditeur")).to_be_visible()
    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    # Audit is listed for an editor, administration is not.
    expect(sidebar.get_by_role("link", name="Journal d'audit")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Administration")).to_have_count(0)

    # Reloading keeps the user signed in, and so does opening a link from another site.
    page.reload()
    wait_idle(page)
    expect(sidebar.get_by_text(SIGNED_IN)).to_be_visible()
    page.set_content(f'<a href="{server.url}/measure?id={souss.id}&lang=fr">lien partagé</a>')
    page.get_by_text("lien partagé").click()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(SIGNED_IN)).to_be_visible()

    # A Souss-Massa measure: the update is accepted.
    page.get_by_role("textbox", name="Note (ce qui a changé et pourquoi)").fill("Point d'étape")
    page.get_by_role("button", name=SUBMIT).click()
    saved = re.compile(rf"Mesure \W?{souss.code}\W? enregistrée")  # values are bidi-isolated
    expect(page.get_by_text(saved).first).to_be_visible()
    assert measure(server.db_url, "SM-03").version == souss.version + 1

    # A Béni Mellal-Khénifra measure: read only.
    open_measure(page, server.url, measure(server.db_url, "BMK-01"))
    expect(page.get_by_role("button", name=SUBMIT)).to_have_count(0)
    expect(page.get_by_text("Vous pouvez consulter cette mesure", exact=False)).to_be_visible()

    # Sign out: back on the same page, anonymous; the old cookie signs no one in any more.
    old = session_cookie(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/measure\?id="))
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(ANONYMOUS)).to_be_visible()
    expect(page.get_by_text("Vous êtes déconnecté·e.", exact=False).first).to_be_visible()
    assert "signed_out" not in page.url  # said once: a reload or a shared link does not repeat it
    assert not [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
    replay = browser.new_context()
    try:
        replay.add_cookies([old])
        again = replay.new_page()
        open_measure(again, server.url, souss)
        expect(again.get_by_test_id("stSidebar").get_by_text(ANONYMOUS)).to_be_visible()
        expect(again.get_by_role("button", name=SUBMIT)).to_have_count(0)
        expect(again.get_by_text("Connectez-vous pour mettre à jour", exact=False)).to_be_visible()
    finally:
        replay.close()


def test_a_form_posted_from_another_site_is_refused(page, server):
    sign_in(page, server.url, "/?lang=fr")
    page.set_content(
        f'<form method="post" action="{server.url}/auth/logout">'
        '<input type="hidden" name="csrf" value="guessed"><button>Go</button></form>'
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Form refused")).to_be_visible()  # browser: en-US
    page.goto(f"{server.url}/?lang=fr")
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(SIGNED_IN)).to_be_visible()


def test_a_wrong_password_says_so_without_echoing_it(page, server):
    page.goto(f"{server.url}/signin?lang=fr")
    page.get_by_label("Identifiant").fill(EDITOR)
    page.get_by_label("Mot de passe").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_have_text("Identifiant ou mot de passe incorrect.")
    assert "not-the-password" not in page.url and EDITOR not in page.url
    # Only the password is typed again.
    expect(page.get_by_label("Identifiant")).to_have_value(EDITOR)
    expect(page.get_by_label("Mot de passe")).to_have_value("")
    assert not [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
