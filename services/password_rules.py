"""What a new password must be: long enough, not common, not guessable, not the person's names."""

import re
import unicodedata

from zxcvbn import zxcvbn

from models.limits import PASSWORD_MAX, PASSWORD_MIN
from services.errors import Problem
from services.validation import too_long

# zxcvbn's own lists are English; these are the words French- and Arabic-speaking users here
# reach for first (checked as dictionary words, so "Bienvenue2026" is caught too).
LOCAL_WORDS = (
    "marsad", "maroc", "morocco", "almaghrib", "royaume", "bienvenue", "motdepasse", "bonjour",
    "bonsoir", "soleil", "amour", "azerty", "qwertz", "rabat", "casablanca", "marrakech", "agadir",
    "oujda", "fes", "tanger", "meknes", "nador", "khenifra", "mellal", "souss", "massa",
    "oriental", "region", "conseil", "province", "prefecture", "commune", "migration",
    "migrants", "enabel", "depomi", "bismillah", "allah", "hamdoulilah", "inchallah", "salam",
    "habibi", "wydad", "raja", "atlas", "sahara", "admin", "administrateur", "utilisateur",
    "editeur", "lecteur", "secret", "password", "changeme",
)  # fmt: skip
# zxcvbn gives 0 (guessed in under a thousand tries) to 4; 3 resists an online attack for years.
MIN_SCORE = 3
# zxcvbn refuses longer input; a longer password is judged on its first 72 characters.
ZXCVBN_MAX = 72
_WORD = re.compile(r"\w{4,}")
_SEPARATORS = re.compile(r"[\W_]+")


def _folded(text: str) -> str:
    """Text compared without case, accents or width: "Éditeur" and "editeur" are one."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _personal_parts(username: str, display_name: str) -> list[str]:
    """The login name, its pieces and the words of the display name, folded."""
    name = _folded(username)
    pieces = [p for p in re.split(r"[._-]", name) if len(p) >= 4]
    words = _WORD.findall(_folded(display_name))
    return [part for part in {name, *pieces, *words} if len(part) >= 3]


def password_problems(password: object, *, username: str, display_name: str) -> list[Problem]:
    """Why a password may not be set for this person; empty if it may."""
    if not isinstance(password, str):
        return [Problem("password", "error.not_text")]
    if len(password) < PASSWORD_MIN:
        return [Problem("password", "error.password_too_short", {"min": PASSWORD_MIN})]
    if len(password) > PASSWORD_MAX:
        return [too_long("password", len(password), PASSWORD_MAX)]
    folded = _folded(password)
    parts = _personal_parts(username, display_name)
    if any(part in folded for part in parts):
        return [Problem("password", "error.password_personal")]
    hints = [*parts, *LOCAL_WORDS]
    judged = zxcvbn(password[:ZXCVBN_MAX], user_inputs=hints)
    # One listed password with at most a few characters around it ("Password123!") is that
    # password; several common words in a row are a passphrase, judged by the score.
    if any(
        m.get("dictionary_name") == "passwords" and len(m["token"]) >= len(password) - 4
        for m in judged["sequence"]
    ):
        return [Problem("password", "error.password_common")]
    # zxcvbn takes "-Maroc" for random characters: judged again without the separators,
    # "Bienvenue-Maroc" is the two common words it is.
    joined = _SEPARATORS.sub("", password)[:ZXCVBN_MAX]
    score = min(judged["score"], zxcvbn(joined, user_inputs=hints)["score"] if joined else 0)
    if score < MIN_SCORE:
        return [Problem("password", "error.password_guessable")]
    return []
