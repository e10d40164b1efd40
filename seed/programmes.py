"""Read the funded programmes of the demo (programmes.yaml), checked."""

from typing import Any

from models.codes import ProgrammeEnd
from seed import fields


def read_programmes(doc: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """Programme rows."""
    rows = []
    for raw in doc.get("programmes") or []:
        where = f"{source}, programme {raw.get('code')}"
        rows.append(
            {
                "code": fields.text(raw, "code", where),
                **fields.titles(raw, "name", where),
                "donor": fields.text(raw, "donor", where),
                "implementer": fields.text(raw, "implementer", where),
                "budget": fields.amount(raw, "budget", where),
                "currency": fields.text(raw, "currency", where),
                **_converted(raw, where),
                "start_on": fields.date(raw, "start_on", where),
                "end_on": fields.date(raw, "end_on", where),
                "end_status": fields.choice(raw, "end_status", tuple(ProgrammeEnd), where),
                "dac_code": fields.text(raw, "dac_code", where),
                "provenance": fields.provenance(raw, where),
            }
        )
    return rows


def _converted(raw: dict[str, Any], where: str) -> dict[str, Any]:
    # A MAD amount is a conversion: without its rate, date and source the budget stays in its
    # own currency. The loader turns the source key into the source's id.
    if raw.get("budget_mad") is None:
        return {
            "budget_mad": None,
            "mad_rate": None,
            "mad_rate_on": None,
            "mad_rate_source_id": None,
        }
    rate = raw.get("mad_rate") or {}
    if not isinstance(rate.get("rate"), float) or rate["rate"] <= 0:
        fields.fail(where, "budget_mad needs mad_rate: {rate, on, source}")
    return {
        "budget_mad": fields.amount(raw, "budget_mad", where),
        "mad_rate": rate["rate"],
        "mad_rate_on": fields.date(rate, "on", where),
        "mad_rate_source_id": fields.text(rate, "source", where),
    }
