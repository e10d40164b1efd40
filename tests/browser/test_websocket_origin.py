"""Cross-site websocket hijacking (issue 10, finding 1): a page of another port of 127.0.0.1
opens the app's websocket with the signed-in admin's cookies and tries to create an admin.

The browser supplies what only a browser can (the page's real Origin and the cookies it
attaches); Python speaks Streamlit's protocol with Streamlit's own protobuf classes through a
relay script in the page. The same relay on the app's own origin does create an account, so the
driver works and the app's own pages are unaffected.

Why the attack needs nothing more: cookies are scoped by host, not port (RFC 6265 §8.5), and
both pages are same-site, so Chromium sends `marsad_session` (SameSite=Strict) with the other
port's handshake; Streamlit accepts any Origin on a local host. `_streamlit_xsrf` is no barrier
either: it is not HttpOnly (Streamlit's frontend reads it), so the other port's page reads it
from document.cookie and sends it as Streamlit's frontend does, second in the subprotocol list
(["streamlit", token, last session id]); Streamlit checks it only before trusting its own
st.user cookie, and Marsad's session cookie reaches st.context.cookies regardless.
"""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from sqlmodel import Session
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from i18n.catalog import label, translate
from models import User
from models.codes import Role
from services.db import make_engine
from tests.browser.conftest import sign_in

PASSWORD = "Quartz-Violet-Harbour-1984"
FORM = "admin.create"
# Runs in the page: opens the websocket as Streamlit's frontend does and relays its frames
# (base64 both ways: page.evaluate carries text).
RELAY = """(url) => {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("_streamlit_xsrf="));
  const xsrf = cookie ? cookie.slice("_streamlit_xsrf=".length) : null;
  const ws = new WebSocket(url, ["streamlit", xsrf || "PLACEHOLDER_AUTH_TOKEN"]);
  ws.binaryType = "arraybuffer";
  const relay = { state: "connecting", code: null, inbox: [], readXsrf: xsrf !== null };
  ws.onopen = () => { relay.state = "open"; };
  ws.onclose = (event) => { relay.state = "closed"; relay.code = event.code; };
  ws.onmessage = (event) => {
    const bytes = new Uint8Array(event.data);
    let text = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    }
    relay.inbox.push(btoa(text));
  };
  relay.send = (data) => ws.send(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
  relay.take = () => relay.inbox.splice(0);
  window.relay = relay;
}"""


def en(msgid: str, **params) -> str:
    return translate("en", msgid, **params)


def stream_url(app_url: str) -> str:
    return app_url.replace("http://", "ws://") + "/_stcore/stream"


class Relay:
    """The websocket session a page opened with RELAY, driven from here."""

    def __init__(self, page):
        self.page = page
        page.wait_for_function("() => window.relay && window.relay.state !== 'connecting'")
        self.opened = page.evaluate("() => [relay.state, relay.code]")
        self.read_xsrf = page.evaluate("() => relay.readXsrf")

    def run(self, widgets: list[WidgetState] = ()) -> "Run":
        """Run /admin?lang=en with these widget values; the run's messages once it finished."""
        state = ClientState(query_string="lang=en", page_name="admin")
        state.widget_states.widgets.extend(widgets)
        data = base64.b64encode(BackMsg(rerun_script=state).SerializeToString()).decode()
        self.page.evaluate("(data) => relay.send(data)", data)
        messages, deadline = [], time.monotonic() + 20
        while time.monotonic() < deadline:
            for frame in self.page.evaluate("() => relay.take()"):
                message = ForwardMsg.FromString(base64.b64decode(frame))
                messages.append(message)
                # A save ends its run early (st.rerun) and the next run draws the page again.
                if (
                    message.WhichOneof("type") == "script_finished"
                    and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
                ):
                    return Run(messages)
            self.page.wait_for_timeout(50)
        raise AssertionError(f"the run did not finish; relay state {self.opened}")


class Run:
    """What one run drew: its texts and its widgets (by their keys)."""

    def __init__(self, messages: list[ForwardMsg]):
        self.texts: list[str] = []
        self.widgets: dict[str, tuple[str, object]] = {}
        self.exceptions: list[str] = []
        for message in messages:
            if message.WhichOneof("type") != "delta":
                continue
            if message.delta.WhichOneof("type") != "new_element":
                continue
            element = message.delta.new_element
            kind = element.WhichOneof("type")
            inner = getattr(element, kind)
            if kind in ("markdown", "alert", "text", "heading"):
                self.texts.append(inner.body)
            elif kind == "exception":
                self.exceptions.append(inner.message)
            widget_id = getattr(inner, "id", "")
            if widget_id.startswith("$$ID-"):
                # Streamlit's ids end with the widget's key: "$$ID-<hash>-<key>".
                self.widgets[widget_id.split("-", 2)[2]] = (widget_id, inner)

    def form(self) -> dict[str, tuple[str, object]]:
        """The create-account form's widgets by field name ({} when it is not drawn)."""
        prefix = FORM + "."
        return {k.removeprefix(prefix): v for k, v in self.widgets.items() if k.startswith(prefix)}


def filled(form: dict, username: str) -> list[WidgetState]:
    """The create form filled in for a new administrator, and its submit button pressed."""
    states = [
        WidgetState(id=form["username"][0], string_value=username),
        WidgetState(id=form["display_name"][0], string_value=username.title()),
        WidgetState(id=form["password"][0], string_value=PASSWORD),
        WidgetState(id=form["submit"][0], trigger_value=True),
    ]
    # A selectbox sends the option as shown.
    role_id, role = form["role"]
    admin = label("en", "role", Role.ADMIN)
    assert admin in role.options
    return [*states, WidgetState(id=role_id, string_value=admin)]


def account(db_url: str, username: str) -> User | None:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return session.execute(select(User).where(User.username == username)).scalar()
    finally:
        engine.dispose()


class OtherOrigin:
    """A web server on another port of 127.0.0.1 whose one page opens the app's websocket."""

    def __init__(self, app_url: str):
        opening = f"({RELAY})({json.dumps(stream_url(app_url))})"
        body = f"<!doctype html><title>Offer</title><script>{opening}</script>".encode()

        class Page(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def other_origin(server):
    site = OtherOrigin(server.url)
    yield site
    site.close()


def test_a_page_of_another_port_cannot_act_as_the_signed_in_admin(server, other_origin, page):
    sign_in(page, server.url, "/admin", username="admin")
    assert account(server.db_url, "intruder") is None

    # Another tab of the same browser, which holds the admin's cookies.
    attacker_page = page.context.new_page()
    attacker_page.goto(other_origin.url)
    attacker = Relay(attacker_page)
    assert attacker.read_xsrf, "the other port's page reads the app's XSRF cookie"
    assert attacker.opened == ["open", None], "Streamlit accepts the other port's handshake"
    seen = attacker.run()
    assert not seen.exceptions, seen.exceptions
    assert en("auth.refused") in seen.texts and en("auth.anonymous") in seen.texts
    assert seen.form() == {}

    # The driver, on a page of the app's own origin (under the app's own security policy):
    # it sees the form of a signed-in admin.
    page.goto(f"{server.url}/_stcore/health")
    page.evaluate(RELAY, stream_url(server.url))
    insider = Relay(page)
    form = insider.run().form()
    assert {"username", "display_name", "password", "role", "submit"} <= set(form)

    # The attacker submits that very form (the widget ids are the same in every session).
    after = attacker.run(filled(form, "intruder"))
    assert en("auth.refused") in after.texts and after.form() == {}
    assert account(server.db_url, "intruder") is None

    saved = insider.run(filled(form, "insider"))
    assert not saved.exceptions, saved.exceptions
    assert en("admin.created", username="insider") in saved.texts
    created = account(server.db_url, "insider")
    assert created is not None and created.role == Role.ADMIN
    assert account(server.db_url, "intruder") is None
