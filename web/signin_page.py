"""The sign-in page and the refusal page: small self-contained HTML in the reader's language."""

from html import escape

from i18n.catalog import LANGUAGES, label, translate
from i18n.direction import ARABIC_FONTS, direction
from models.limits import PASSWORD_MAX, USERNAME_MAX
from security.browser import LOGIN_PATH, LOGOUT_PATH, in_language, sign_in_url
from security.headers import headers

# Messages the sign-in page may show for ?error=…; anything else in the URL is ignored.
ERRORS = {
    "bad_credentials": "error.bad_credentials",
    "account_locked": "error.account_locked",
    "account_inactive": "error.account_inactive",
    "session_expired": "error.session_expired",
}
# No script at all; inline styles only; forms post to this site; never inside a frame.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = headers(CONTENT_SECURITY_POLICY) | {"Cache-Control": "no-store"}
_STYLE = (
    """
body { margin: 0; font-family: system-ui, "Source Sans", sans-serif; background: #F6F8F8;
  color: #1F2A2A; }
main { max-width: 26rem; margin: 8vh auto; padding: 2rem; background: #FFF;
  border: 1px solid #D5DEDE; border-radius: 0.75rem; }
h1 { margin: 0 0 0.25rem; font-size: 1.6rem; color: #0F6E6E; }
p { line-height: 1.5; }
label { display: block; margin: 1rem 0 0.3rem; font-weight: 600; }
input[type=text], input[type=password] { box-sizing: border-box; width: 100%; padding: 0.6rem;
  font: inherit; border: 1px solid #9AAEAE; border-radius: 0.4rem; }
button { margin-top: 1.4rem; padding: 0.6rem 1.2rem; font: inherit; color: #FFF;
  background: #0F6E6E; border: 0; border-radius: 0.4rem; cursor: pointer; }
button.secondary { color: #0F6E6E; background: #FFF; border: 1px solid #0F6E6E; }
.alert { padding: 0.75rem; border-radius: 0.4rem; background: #FDECEC; color: #7A1F1F; }
.note { color: #4A5A5A; font-size: 0.95rem; }
nav { display: flex; gap: 1rem; justify-content: space-between; margin-top: 1.5rem;
  font-size: 0.95rem; }
a { color: #0F6E6E; }
"""
    + f"[dir=rtl] body {{ font-family: {ARABIC_FONTS}; }}"
)


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{escape(value)}">'


def _languages(lang: str, next_path: str) -> str:
    links = [
        f'<a href="{escape(sign_in_url(next_path, code))}" lang="{code}">'
        f"{escape(label(code, 'lang', code))}</a>"
        for code in LANGUAGES
        if code != lang
    ]
    return " · ".join(links)


def sign_in_html(
    lang: str,
    csrf: str,
    next_path: str,
    error: str | None,
    signed_in_as: str | None,
    username: str = "",
) -> str:
    """The sign-in form (and a sign-out button when this browser is signed in already).

    `username` refills the field after a refusal, so only the password is typed again.
    """
    title = translate(lang, "signin.title")
    alert = ""
    if error in ERRORS:
        alert = f'<p class="alert" role="alert">{escape(translate(lang, ERRORS[error]))}</p>'
    current = ""
    if signed_in_as:
        current = (
            f'<form method="post" action="{LOGOUT_PATH}">'
            f'<p class="note">{escape(translate(lang, "signin.signed_in_as", name=signed_in_as))}'
            f"</p>{_hidden('csrf', csrf)}{_hidden('next', next_path)}{_hidden('lang', lang)}"
            f'<button class="secondary" type="submit">{escape(translate(lang, "auth.sign_out"))}'
            "</button></form>"
        )
    body = (
        f"<h1>{escape(title)}</h1>"
        f'<p class="note">{escape(translate(lang, "signin.intro"))}</p>{alert}{current}'
        f'<form method="post" action="{LOGIN_PATH}">'
        f'<label for="username">{escape(translate(lang, "signin.username"))}</label>'
        '<input type="text" id="username" name="username" autocomplete="username" '
        f'value="{escape(username[:USERNAME_MAX])}" autocapitalize="none" spellcheck="false" '
        f'maxlength="{USERNAME_MAX}" required {"" if username else "autofocus "}dir="ltr">'
        f'<label for="password">{escape(translate(lang, "signin.password"))}</label>'
        '<input type="password" id="password" name="password" autocomplete="current-password" '
        f'maxlength="{PASSWORD_MAX}" required dir="ltr"{" autofocus" if username else ""}>'
        f"{_hidden('csrf', csrf)}{_hidden('next', next_path)}{_hidden('lang', lang)}"
        f'<button type="submit">{escape(translate(lang, "signin.submit"))}</button></form>'
        f'<nav><a href="{escape(in_language(next_path, lang))}">'
        f"{escape(translate(lang, 'signin.back'))}</a>"
        f"<span>{_languages(lang, next_path)}</span></nav>"
    )
    return _page(lang, title, body)


def refused_html(lang: str, next_path: str) -> str:
    """The page answering a form that failed the CSRF checks."""
    return _notice(lang, "signin.refused_title", "error.csrf_refused", next_path)


def unavailable_html(lang: str, message_id: str, next_path: str) -> str:
    """The page answering a request the database could not serve: what happened, what to do."""
    return _notice(lang, "signin.unavailable_title", message_id, next_path)


def _notice(lang: str, title_id: str, message_id: str, next_path: str) -> str:
    title = translate(lang, title_id)
    body = (
        f"<h1>{escape(title)}</h1>"
        f'<p class="alert" role="alert">{escape(translate(lang, message_id))}</p>'
        f'<nav><a href="{escape(sign_in_url(next_path, lang))}">'
        f"{escape(translate(lang, 'signin.open_again'))}</a></nav>"
    )
    return _page(lang, title, body)
