"""Password hashing with argon2id; plain passwords are never stored or logged."""

import secrets
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 30 ms per hash on 2 cores, and
# ten concurrent sign-ins stay under 200 MiB. Raising these rehashes each user at next sign-in.
HASHER = PasswordHasher(
    time_cost=2, memory_cost=19_456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
)


def hash_password(password: str) -> str:
    """An argon2id hash (with its own random salt) of a password."""
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash; argon2 compares in constant time."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with other parameters than the current ones."""
    return HASHER.check_needs_rehash(password_hash)


@cache
def dummy_hash() -> str:
    """A hash of a random password: verifying against it costs what a real check costs."""
    return hash_password(secrets.token_urlsafe(16))
