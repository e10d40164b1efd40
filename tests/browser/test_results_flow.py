"""Results end to end in Chromium: an editor reports and submits a period's value, a validator
returns it with a reason, the editor reads the reason in To do, corrects and resubmits, the
validator validates, and the results page and the overview change; a locked period refuses a
save in words; two editors on one value: the second is refused, not overwritten."""

import re

from playwright.sync_api import expect
from sqlalchemy import select
from sqlmodel import Session

from i18n import formats
from i18n.catalog import translate
from models import Indicator, IndicatorValue, ReportingPeriod
from services import achievement
from services.db import make_engine
from tests.browser.conftest import sign_in, wait_idle

VALIDATOR = "validator.agadir"
REASON = "Le total ne correspond pas aux fiches d'accueil"


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def ids(db_url: str, period: str, code: str = "SM-I1") -> tuple[int, int]:
    """An indicator (SM-I1: people received, by sex and migratory status) and one of
    Souss-Massa's periods."""
    engine = make_engine(db_url)
    with Session(engine) as session:
        indicator = session.scalar(select(Indicator.id).where(Indicator.code == code))
        found = session.scalar(
            select(ReportingPeriod.id).where(
                ReportingPeriod.region_code == "09", ReportingPeriod.code == period
            )
        )
    engine.dispose()
    return indicator, found


def stored(db_url: str, indicator: int, period: int) -> IndicatorValue | None:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = session.execute(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator, IndicatorValue.period_id == period
            )
        ).scalar_one_or_none()
    engine.dispose()
    return found


def souss_achievement(db_url: str) -> str:
    """Souss-Massa's mean achievement as the overview's chart writes it."""
    engine = make_engine(db_url)
    with Session(engine) as session:
        regions = achievement.region_achievement(achievement.achievement(session, None))
    engine.dispose()
    share = regions[regions["region_code"] == "09"]["mean_share"].iloc[0]
    return formats.percent("fr", share)


def box(page, key: str):
    """The input of the form widget with a key (Streamlit names its container st-key-<key>,
    each character outside letters, digits, - and _ made a hyphen)."""
    css = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    return page.locator(f".st-key-{css} input").first


def report(page, key: str, total: int, female: int, male: int) -> None:
    """Type a value: its total, its sex parts, and everyone a refugee or asylum seeker."""
    box(page, f"{key}.total").fill(str(total))
    for category, count in (("female", female), ("male", male), ("unknown", 0)):
        box(page, f"{key}.parts.sex.{category}").fill(str(count))
    for category in ("regular_migrant", "moroccan_abroad", "returnee", "host_community"):
        box(page, f"{key}.parts.status.{category}").fill("0")
    box(page, f"{key}.parts.status.unknown").fill("0")
    box(page, f"{key}.parts.status.refugee_asylum").fill(str(total))
    page.get_by_role("button", name=fr("reporting.save")).click()
    wait_idle(page)


def pick(page, label: str, text: str) -> None:
    """Choose the one option of a multiselect that contains `text`."""
    combobox = page.get_by_role("combobox", name=label, exact=True)
    combobox.click()
    combobox.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    page.keyboard.press("Escape")


def submit_period(page, period_code: str) -> None:
    pick(page, fr("todo.submit_values"), f"SM-I1 · {period_code}")
    page.get_by_role("button", name=fr("todo.submit")).click()
    expect(page.get_by_text(fr("todo.submitted", count="1")).first).to_be_visible()


def decide(page, server, period_code: str, returned: bool) -> None:
    page.goto(f"{server.url}/approvals?lang=fr")
    wait_idle(page)
    pick(page, fr("approvals.values"), f"SM-I1 · {period_code}")
    if returned:
        page.get_by_text(fr("approvals.decision_returned")).click()
        page.get_by_role("textbox", name=fr("approvals.reason")).fill(REASON)
    page.get_by_role("button", name=fr("approvals.submit")).click()
    done = "approvals.done_returned" if returned else "approvals.done_validated"
    expect(page.get_by_text(fr(done, count="1")).first).to_be_visible()


def test_report_return_correct_validate_and_see_it(page, second_page, server):
    indicator, period = ids(server.db_url, "2027-03")
    key = f"value.{indicator}.{period}.09"
    address = f"/reporting?lang=fr&indicator={indicator}&period={period}&territory=09"
    before = souss_achievement(server.db_url)
    sign_in(page, server.url, address)
    report(page, key, 700, 400, 290)  # 690: the sex parts do not add up
    expect(page.get_by_text("690").first).to_be_visible()
    assert stored(server.db_url, indicator, period) is None
    box(page, f"{key}.parts.sex.unknown").fill("10")
    page.get_by_role("button", name=fr("reporting.save")).click()
    expect(page.get_by_text(fr("reporting.saved", code="SM-I1")).first).to_be_visible()
    submit_period(page, "2027-03")

    sign_in(second_page, server.url, "/approvals?lang=fr", username=VALIDATOR)
    decide(second_page, server, "2027-03", returned=True)

    page.goto(f"{server.url}/todo?lang=fr")
    wait_idle(page)
    expect(page.get_by_text(REASON).first).to_be_visible()
    page.locator(f'a[href*="period={period}"]', has_text=fr("todo.correct")).click()
    wait_idle(page)
    expect(box(page, f"{key}.total")).to_have_value("700")
    box(page, f"{key}.parts.sex.unknown").fill("0")
    box(page, f"{key}.parts.sex.male").fill("300")
    page.get_by_role("button", name=fr("reporting.save")).click()
    expect(page.get_by_text(fr("reporting.saved", code="SM-I1")).first).to_be_visible()
    submit_period(page, "2027-03")

    decide(second_page, server, "2027-03", returned=False)
    value = stored(server.db_url, indicator, period)
    assert (value.status, value.total, value.reviewed_by) == ("validated", 700, VALIDATOR)

    second_page.goto(f"{server.url}/results?lang=fr&region=09")
    wait_idle(second_page)
    latest = fr("results.breakdown_of", period="2027-03")
    expect(second_page.get_by_text(latest).first).to_be_visible()
    after = souss_achievement(server.db_url)
    assert after != before
    second_page.goto(f"{server.url}/?lang=fr")
    wait_idle(second_page)
    bars = second_page.locator(".js-plotly-plot").filter(has_text=fr("chart.achievement"))
    expect(bars.locator("text", has_text=after).first).to_be_attached()


def test_a_locked_period_refuses_a_save_in_words(page, server):
    indicator, period = ids(server.db_url, "2025")
    sign_in(page, server.url, f"/reporting?lang=fr&indicator={indicator}&period={period}")
    expect(page.get_by_text(fr("reporting.locked", period="2025")).first).to_be_visible()
    box(page, f"value.{indicator}.{period}.09.total").fill("40")
    page.get_by_role("button", name=fr("reporting.save")).click()
    expect(page.get_by_text(fr("error.period_locked", period="2025")).first).to_be_visible()
    assert stored(server.db_url, indicator, period) is None


def test_two_editors_on_one_value_the_second_is_refused(page, second_page, server):
    indicator, period = ids(server.db_url, "2027-03", "SM-I6")  # meetings, not disaggregated
    key = f"value.{indicator}.{period}.09"
    address = f"/reporting?lang=fr&indicator={indicator}&period={period}&territory=09"
    sign_in(page, server.url, address)
    sign_in(second_page, server.url, address, username="editor.agadir")
    box(page, f"{key}.total").fill("15")
    page.get_by_role("button", name=fr("reporting.save")).click()
    expect(page.get_by_text(fr("reporting.saved", code="SM-I6")).first).to_be_visible()
    box(second_page, f"{key}.total").fill("16")
    second_page.get_by_role("button", name=fr("reporting.save")).click()
    expect(second_page.get_by_role("button", name=fr("reporting.reload"))).to_be_visible()
    assert stored(server.db_url, indicator, period).total == 15
    expect(box(second_page, f"{key}.total")).to_have_value("16")


def test_two_validators_on_one_value_the_second_is_refused(page, second_page, server):
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        first = session.execute(
            select(Indicator.code, ReportingPeriod.code)
            .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
            .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
            .where(IndicatorValue.region_code == "09", IndicatorValue.status == "submitted")
            .order_by(ReportingPeriod.deadline, IndicatorValue.id)
        ).first()
    engine.dispose()
    named = f"{first[0]} · {first[1]}"
    sign_in(page, server.url, "/approvals?lang=fr", username=VALIDATOR)
    sign_in(second_page, server.url, "/approvals?lang=fr", username="validator.tiznit")
    for person in (page, second_page):
        pick(person, fr("approvals.values"), named)
    page.get_by_role("button", name=fr("approvals.submit")).click()
    expect(page.get_by_text(fr("approvals.done_validated", count="1")).first).to_be_visible()
    second_page.get_by_text(fr("approvals.decision_returned")).click()
    second_page.get_by_role("textbox", name=fr("approvals.reason")).fill("Chiffre à revoir")
    second_page.get_by_role("button", name=fr("approvals.submit")).click()
    expect(second_page.get_by_role("button", name=fr("forms.reload"))).to_be_visible()
    engine = make_engine(server.db_url)
    with Session(engine) as session:
        by_second = session.scalars(
            select(IndicatorValue.id).where(IndicatorValue.reviewed_by == "validator.tiznit")
        ).all()
    engine.dispose()
    assert by_second == []
