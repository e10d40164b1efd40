"""Password rules: long enough, not common, not guessable, not the person's own names."""

import pytest

from services.accounts import create_user, set_password
from services.actors import COMMAND_LINE
from services.errors import ValidationFailed
from services.password_rules import password_problems
from tests.helpers import dump

PERSON = {"username": "karim.souss", "display_name": "Karim Benali"}


def codes(password: str, **person) -> list[str]:
    return [p.code for p in password_problems(password, **(person or PERSON))]


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("aaaaaaaaaa", "error.password_guessable"),
        ("abcdefghijkl", "error.password_guessable"),
        ("1234567890", "error.password_common"),
        ("Password123!", "error.password_common"),
        ("azertyuiop12", "error.password_common"),
        ("motdepasse123", "error.password_guessable"),
        ("Bienvenue2026", "error.password_guessable"),
        ("Marrakech2025!", "error.password_guessable"),
        ("karim.souss", "error.password_personal"),
        ("KARIM.SOUSS!2026", "error.password_personal"),
        ("x-benali-rocks-77", "error.password_personal"),
        ("Souss-Karim-Quartz", "error.password_personal"),
        ("Bienvenue-Maroc", "error.password_guessable"),
        ("Maroc-Maroc", "error.password_guessable"),
        ("Azerty-Azerty", "error.password_guessable"),
        ("Marsad-2026!", "error.password_guessable"),
        ("Sahara-Atlas", "error.password_guessable"),
        ("short", "error.password_too_short"),
        ("x" * 257, "error.too_long"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, code):
    assert codes(password) == [code]


@pytest.mark.parametrize(
    "password",
    [
        "Quartz-Violet-Harbour-1984",
        "tajine بالبرقوق و اللوز",
        "T9#kq!vP2xLm",
        "Lantern-Cobalt-Meadow-2031 " * 4,
    ],
)
def test_strong_passwords_pass(password):
    assert codes(password) == []


def test_accents_and_width_do_not_hide_a_name():
    assert codes("ＢＥＮＡＬＩ-Quartz-77") == ["error.password_personal"]
    assert codes("Quartz-Élodie-77", username="elodie.m", display_name="Élodie M.") == [
        "error.password_personal"
    ]


def test_accounts_refuse_a_weak_password_and_change_nothing(empty_engine):
    with pytest.raises(ValidationFailed) as refused:
        create_user(
            empty_engine,
            actor=COMMAND_LINE,
            username="nadia",
            display_name="Nadia",
            password="nadia12345678",
            role="viewer",
        )
    assert [p.code for p in refused.value.problems] == ["error.password_personal"]
    create_user(
        empty_engine,
        actor=COMMAND_LINE,
        username="nadia",
        display_name="Nadia",
        password="Quartz-Violet-Harbour-1984",
        role="viewer",
    )
    before = dump(empty_engine)
    with pytest.raises(ValidationFailed) as refused:
        set_password(empty_engine, actor=COMMAND_LINE, username="nadia", password="aaaaaaaaaa")
    assert [p.code for p in refused.value.problems] == ["error.password_guessable"]
    assert dump(empty_engine) == before
