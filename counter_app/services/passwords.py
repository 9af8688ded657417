"""Password / PIN hashing: Argon2id PHC strings, never stored or logged in clear.

The parameters are OWASP's minimum for Argon2id (m = 19 MiB, t = 2, p = 1). A stored hash
made with other parameters (older or weaker) is re-hashed at the next successful sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1

HASHER = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, type=Type.ID)


def hash_password(secret: str) -> str:
    """A PHC string such as ``$argon2id$v=19$m=19456,t=2,p=1$salt$hash``."""
    return HASHER.hash(secret)


def verify_password(stored: str | None, secret: str) -> bool:
    if not stored:
        return False
    try:
        return HASHER.verify(stored, secret)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when `stored` was made with other parameters than today's."""
    try:
        return HASHER.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


_DUMMY: str | None = None


def burn_time(secret: str) -> None:
    """Spend as long as a real check, so an unknown login answers no faster than a wrong PIN."""
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = HASHER.hash("not-a-real-password")
    verify_password(_DUMMY, secret)
