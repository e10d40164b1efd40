"""Who is acting, and what they may change."""

import logging
from dataclasses import dataclass

from models.codes import Role
from services.errors import NotAllowed

# Refused writes go to the server log (nothing is written to the database).
logger = logging.getLogger("marsad.security")


@dataclass(frozen=True)
class Actor:
    """The user behind a request: a plain value, safe to keep in session state."""

    username: str
    display_name: str
    role: Role
    regions: frozenset[str] = frozenset()

    @property
    def is_anonymous(self) -> bool:
        """Whether nobody is signed in (the public, read-only view)."""
        return not self.username

    @property
    def is_signed_in(self) -> bool:
        """Whether someone is signed in (they have an account page)."""
        return bool(self.username)

    @property
    def can_manage_users(self) -> bool:
        """Only admins manage accounts."""
        return self.role == Role.ADMIN

    @property
    def can_audit(self) -> bool:
        """Editors read the audit trail of their regions, admins all of it."""
        return self.role in (Role.EDITOR, Role.ADMIN)

    @property
    def can_edit_any(self) -> bool:
        """Whether the actor changes records of at least one region (uploads are theirs only)."""
        return self.role == Role.ADMIN or (self.role == Role.EDITOR and bool(self.regions))

    @property
    def can_report(self) -> bool:
        """Whether the actor reports results' values for at least one region."""
        return self.can_edit_any

    @property
    def can_validate(self) -> bool:
        """Whether the actor validates reported values of at least one region."""
        return self.role == Role.ADMIN or (self.role == Role.VALIDATOR and bool(self.regions))

    def can_edit_region(self, region_code: str | None) -> bool:
        """Admins change everything; editors their regions; national measures are admins'."""
        if self.role == Role.ADMIN:
            return True
        if self.role == Role.EDITOR and region_code is not None:
            return region_code in self.regions
        return False

    def can_validate_region(self, region_code: str | None) -> bool:
        """Admins validate reported results everywhere; validators in their regions."""
        if self.role == Role.ADMIN:
            return True
        return self.role == Role.VALIDATOR and region_code in self.regions

    def ensure_can_validate_region(self, region_code: str | None) -> None:
        """Raise NotAllowed unless the actor may validate results of this region."""
        if not self.can_validate_region(region_code):
            logger.warning(
                "refused: %r (%s) may not validate results of region %s",
                self.username or "anonymous",
                self.role,
                region_code or "national",
            )
            raise NotAllowed()

    def ensure_can_edit_region(self, region_code: str | None) -> None:
        """Raise NotAllowed unless the actor may change records of this region."""
        if not self.can_edit_region(region_code):
            logger.warning(
                "refused: %r (%s) may not change records of region %s",
                self.username or "anonymous",
                self.role,
                region_code or "national",
            )
            raise NotAllowed()


# A visitor who has not signed in: reads the dashboards, changes nothing.
ANONYMOUS = Actor("", "", Role.VIEWER)
# manage.py and the seed, run by whoever operates the server: an administrator. No account can
# take this name (usernames are letters, digits, dots, hyphens and underscores).
COMMAND_LINE = Actor("(command line)", "Command line", Role.ADMIN)
# The name the demo seed writes its rows under; no account can take it either way round.
SEED_USERNAME = "seed"
