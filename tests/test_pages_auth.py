"""Pages by who is reading: anonymous, viewer, editor of Souss-Massa (09), admin; SSO mapping."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlmodel import Session

from i18n.catalog import label, translate
from models import AuthSession, SignInEvent, User
from models.base import utcnow
from services.accounts import create_user, set_active, set_email
from services.actors import COMMAND_LINE
from services.auth import IDLE_TIMEOUT, SignInRefused, sign_in
from services.db import make_engine
from tests.helpers import measure_where
from tests.pages_helpers import button, errors, no_exception, open_page, sign_in_as
from ui import identity

pytestmark = pytest.mark.usefixtures("app_env")

SSO_SECRETS = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


@pytest.fixture
def as_viewer(seeded_url, monkeypatch):
    return sign_in_as(monkeypatch, seeded_url, "donor.viewer", "viewer")


@pytest.fixture
def as_editor_09(seeded_url, monkeypatch):
    return sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])


@pytest.fixture
def as_admin(seeded_url, monkeypatch):
    return sign_in_as(monkeypatch, seeded_url, "admin", "admin")


def measure_page(engine, code: str, **query):
    measure = measure_where(engine, code=code)
    at = open_page("measure", id=str(measure.id), **query)
    no_exception(at)
    return at


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def sidebar_texts(at) -> list[str]:
    return [c.value for c in at.sidebar.caption] + [t.value for t in at.sidebar.text]


# --- Anonymous: the public, read-only view -----------------------------------------------


def test_anonymous_reads_a_measure_without_a_form_and_is_offered_to_sign_in(engine):
    at = measure_page(engine, "SM-02", region="09")
    assert not at.get("form")
    assert fr("auth.sign_in_to_update") in infos(at)
    assert 'href="/signin?next=%2Fmeasure%3Fid%3D' in html(at)
    assert fr("auth.anonymous") in sidebar_texts(at)
    assert 'action="/auth/logout"' not in html(at)


def test_anonymous_sees_no_committee_forms(engine):
    at = open_page("committees", region="09")
    no_exception(at)
    assert not at.get("form")
    assert fr("auth.sign_in_to_update") in infos(at)


@pytest.mark.parametrize("page", ["admin", "audit"])
def test_anonymous_is_refused_admin_and_audit(page):
    at = open_page(page)
    no_exception(at)
    assert fr("auth.refused") in errors(at)
    assert not at.dataframe and not at.get("form")
    assert 'href="/signin?' in html(at)


def test_a_forged_or_expired_cookie_reads_as_anonymous(engine, monkeypatch):
    monkeypatch.setattr(identity, "session_token", lambda: "forged-token-value")
    at = measure_page(engine, "SM-02")
    assert not at.get("form") and fr("auth.sign_in_to_update") in infos(at)


def test_an_expired_session_reads_as_anonymous_and_is_logged(engine, as_editor_09):
    assert measure_page(engine, "SM-02").get("form")
    with Session(engine) as session, session.begin():
        session.execute(
            update(AuthSession).values(last_seen_at=utcnow() - IDLE_TIMEOUT - timedelta(minutes=1))
        )
    at = measure_page(engine, "SM-02")
    assert not at.get("form") and fr("auth.sign_in_to_update") in infos(at)
    assert [row.outcome for row in sign_in_log(engine)][-1] == "session_expired"


def test_the_cookie_of_a_deactivated_account_signs_no_one_in(engine, as_editor_09):
    assert measure_page(engine, "SM-02").get("form")
    set_active(engine, actor=COMMAND_LINE, username="editor.souss", active=False)
    at = measure_page(engine, "SM-02")
    assert not at.get("form") and fr("auth.anonymous") in sidebar_texts(at)


def test_login_required_shows_only_the_invitation_to_sign_in(monkeypatch):
    monkeypatch.setenv("MARSAD_REQUIRE_LOGIN", "1")
    at = open_page("measures")
    no_exception(at)
    assert fr("auth.login_required") in infos(at)
    assert [t.value for t in at.title] == [fr("app.title")] and not at.dataframe


def test_login_required_lets_a_signed_in_reader_in(monkeypatch, as_viewer):
    monkeypatch.setenv("MARSAD_REQUIRE_LOGIN", "1")
    at = open_page("measures")
    assert [t.value for t in at.title] == [fr("measures.title")] and at.dataframe


# --- Viewer, editor, admin ----------------------------------------------------------------


def test_a_viewer_reads_but_has_no_form(engine, as_viewer):
    at = measure_page(engine, "SM-02")
    assert not at.get("form")
    assert fr("measure.form.read_only") in infos(at)
    assert f"Donor.Viewer · {label('fr', 'role', 'viewer')}" in sidebar_texts(at)
    assert 'action="/auth/logout"' in html(at)


def test_the_souss_editor_updates_souss_measures_only(engine, as_editor_09):
    assert measure_page(engine, "SM-02").get("form")
    other = measure_page(engine, "BMK-01")
    assert not other.get("form") and fr("measure.form.read_only") in infos(other)
    national = measure_page(engine, "NAT-01")
    assert not national.get("form")


def test_an_admin_updates_a_national_measure(engine, as_admin):
    at = measure_page(engine, "NAT-01")
    measure = measure_where(engine, code="NAT-01")
    assert at.selectbox(key=f"measure.{measure.id}.status").value == measure.status


@pytest.mark.parametrize("who", ["as_viewer", "as_editor_09"])
def test_admin_page_refuses_non_admins(request, who):
    request.getfixturevalue(who)
    at = open_page("admin")
    assert fr("auth.refused") in errors(at) and not at.dataframe


def create(at, username: str, regions: list[str], password: str = "Quartz-Violet-Harbour-1984"):
    at.text_input(key="admin.create.username").input(username)
    at.text_input(key="admin.create.display_name").input("Éditeur Oriental")
    at.selectbox(key="admin.create.role").set_value("editor")
    at.multiselect(key="admin.create.regions").set_value(regions)
    at.text_input(key="admin.create.password").input(password)
    button(at, fr("admin.create_submit")).click().run()
    no_exception(at)


def test_admin_lists_creates_and_changes_accounts(engine, as_admin):
    at = open_page("admin")
    no_exception(at)
    assert set(at.dataframe[0].value["username"]) == {"admin"}
    create(at, "ADMIN", ["02"])  # taken: refused beside the field, nothing written
    assert fr("error.username_taken") in errors(at)
    create(at, "editor.oriental", ["99"], password="short")
    assert fr("error.password_too_short", min="10") in errors(at)
    create(at, "editor.oriental", ["02"], password="Oriental-Region-77")
    assert fr("error.password_personal") in errors(at)
    assert len(at.dataframe[0].value) == 1
    create(at, "Editor.Oriental", ["02"])
    assert [s.value for s in at.success] == [fr("admin.created", username="editor.oriental")]
    assert "editor.oriental" in set(at.dataframe[0].value["username"])

    with Session(engine) as session:
        user_id = session.execute(select(User.id).filter_by(username="editor.oriental")).scalar()
    at.selectbox(key="admin.user").set_value(user_id).run()
    prefix = f"admin.user.{user_id}"
    assert at.multiselect(key=f"{prefix}.regions").value == ["02"]
    at.multiselect(key=f"{prefix}.regions").set_value(["02", "05"])
    button(at, fr("admin.change_submit")).click().run()
    no_exception(at)
    assert [s.value for s in at.success] == [fr("admin.changed", username="editor.oriental")]
    row = at.dataframe[0].value.set_index("username").loc["editor.oriental"]
    assert row["regions"] == "Oriental, Béni Mellal-Khénifra"


def test_an_admin_lifts_the_sign_in_pauses_of_an_account(engine, as_admin):
    create_user(
        engine,
        actor=COMMAND_LINE,
        username="karima",
        display_name="Karima",
        password="Quartz-Violet-Harbour-1984",
        role="viewer",
    )
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(engine, username="karima", password="not-it-at-all", ip="10.1.1.1")
    with pytest.raises(SignInRefused) as paused:
        sign_in(engine, username="karima", password="Quartz-Violet-Harbour-1984", ip="10.1.1.1")
    assert paused.value.code == "error.account_locked"
    at = open_page("admin")
    with Session(engine) as session:
        user_id = session.execute(select(User.id).filter_by(username="karima")).scalar()
    at.selectbox(key="admin.user").set_value(user_id).run()
    button(at, fr("admin.throttle_submit")).click().run()
    no_exception(at)
    assert [s.value for s in at.success] == [
        fr("admin.throttle_lifted", username="karima", count=1)
    ]
    sign_in(engine, username="karima", password="Quartz-Violet-Harbour-1984", ip="10.1.1.1")


def test_a_stale_account_form_is_refused(engine, as_admin):
    at = open_page("admin")
    with Session(engine) as session:
        admin_id = session.execute(select(User.id).filter_by(username="admin")).scalar()
    at.selectbox(key="admin.user").set_value(admin_id).run()
    set_email(
        engine, actor=COMMAND_LINE, username="admin", email="admin@region.ma", expected_version=1
    )
    at.text_input(key=f"admin.user.{admin_id}.display_name").input("Admin renamed")
    button(at, fr("admin.change_submit")).click().run()
    assert fr("error.stale_account") in errors(at)
    with Session(engine) as session:
        assert session.get(User, admin_id).display_name == "Admin"


# --- Audit --------------------------------------------------------------------------------


def test_audit_is_refused_to_viewers(as_viewer):
    assert fr("auth.refused") in errors(open_page("audit"))


def test_the_souss_editor_audits_souss_only(as_editor_09):
    at = open_page("audit")
    no_exception(at)
    assert "audit.region" not in [box.key for box in at.selectbox]
    changes, sign_ins = at.dataframe[0].value, at.dataframe[1].value
    assert set(changes["region"]) == {"Souss-Massa"}
    assert set(sign_ins["username"]) == {"editor.souss"}
    assert len(at.get("link_button")) == 4


def test_an_editor_on_another_region_reads_the_audit_of_their_own(as_editor_09):
    at = open_page("audit")
    at.selectbox(key="frame.region").set_value("05").run()
    assert fr("audit.own_regions_only", region="Béni Mellal-Khénifra") in infos(at)
    assert set(at.dataframe[0].value["region"]) == {"Souss-Massa"}


def test_the_admin_audits_everything_and_filters(as_admin):
    at = open_page("audit")
    regions = set(at.dataframe[0].value["region"])
    assert {"Souss-Massa", "Oriental", "Béni Mellal-Khénifra", "—"} <= regions
    at.selectbox(key="frame.region").set_value("05").run()
    assert set(at.dataframe[0].value["region"]) == {"Béni Mellal-Khénifra"}
    at.text_input(key="audit.user").input("nobody").run()
    assert fr("audit.empty") in infos(at)


# --- Single sign-on: st.user's email mapped to an account ---------------------------------


def open_with_identity(email: str, *, configured: bool = True, verified: object = True):
    """The measures page for a browser whose single sign-on identity has this email."""
    claims = {"is_logged_in": True, "email": email, "name": "SSO user"}
    if verified is not None:
        claims["email_verified"] = verified
    at = open_page(
        "measures",
        user=claims,
        secrets={"auth": SSO_SECRETS} if configured else {},
    )
    no_exception(at)
    return at


@pytest.fixture
def mapped_editor(seeded_url):
    """Souss-Massa's editor, mapped to the single sign-on email souss@region.ma."""
    engine = make_engine(seeded_url)
    create_user(
        engine,
        actor=COMMAND_LINE,
        username="editor.souss",
        display_name="Souss SSO",
        password="Quartz-Violet-Harbour-1984",
        role="editor",
        regions=["09"],
    )
    set_email(
        engine,
        actor=COMMAND_LINE,
        username="editor.souss",
        email="Souss@Region.ma",
        expected_version=1,
    )
    yield engine
    engine.dispose()


def test_a_single_sign_on_identity_signs_in_as_the_mapped_account(mapped_editor):
    at = open_with_identity("souss@region.ma")
    assert f"Souss SSO · {label('fr', 'role', 'editor')}" in sidebar_texts(at)
    assert fr("auth.sign_out") in [b.label for b in at.sidebar.button]
    assert [row.outcome for row in sign_in_log(mapped_editor)][-1] == "success"


def test_an_unmapped_or_inactive_identity_stays_anonymous(mapped_editor):
    unknown = open_with_identity("stranger@example.org")
    assert fr("auth.sso_unlinked") in [w.value for w in unknown.sidebar.warning]
    assert fr("auth.anonymous") in sidebar_texts(unknown)
    set_active(mapped_editor, actor=COMMAND_LINE, username="editor.souss", active=False)
    inactive = open_with_identity("souss@region.ma")
    assert fr("auth.anonymous") in sidebar_texts(inactive)
    outcomes = [row.outcome for row in sign_in_log(mapped_editor)]
    assert outcomes[-2:] == ["bad_credentials", "inactive"]


@pytest.mark.parametrize("verified", [None, False, "true", 1])
def test_an_email_the_provider_did_not_verify_signs_in_no_one(mapped_editor, verified):
    at = open_with_identity("souss@region.ma", verified=verified)
    assert fr("auth.anonymous") in sidebar_texts(at)
    assert [row.outcome for row in sign_in_log(mapped_editor)] == ["bad_credentials"]


def test_without_sso_configured_the_identity_is_ignored(mapped_editor):
    at = open_with_identity("souss@region.ma", configured=False)
    assert fr("auth.anonymous") in sidebar_texts(at)
    assert not sign_in_log(mapped_editor)


def sign_in_log(engine) -> list:
    with Session(engine) as session:
        return session.execute(select(SignInEvent).order_by(SignInEvent.id)).scalars().all()
