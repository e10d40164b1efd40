"""Who is acting, and what they may change."""

from dataclasses import dataclass

from models.codes import Role
from services.errors import NotAllowed


@dataclass(frozen=True)
class Actor:
    """The user behind a request: a plain value, safe to keep in session state."""

    username: str
    display_name: str
    role: Role
    regions: frozenset[str] = frozenset()
    is_demo: bool = False

    def can_edit_region(self, region_code: str | None) -> bool:
        """Admins change everything; editors their regions; national measures are admins'."""
        if self.role == Role.ADMIN:
            return True
        if self.role == Role.EDITOR and region_code is not None:
            return region_code in self.regions
        return False

    def ensure_can_edit_region(self, region_code: str | None) -> None:
        """Raise NotAllowed unless the actor may change records of this region."""
        if not self.can_edit_region(region_code):
            raise NotAllowed()


ALL_REGIONS = frozenset(f"{n:02d}" for n in range(1, 13))

# Until accounts exist every visitor acts as this local editor of all regions.
DEMO_EDITOR = Actor("demo-editor", "Demo editor", Role.EDITOR, ALL_REGIONS, is_demo=True)
