"""Where the record forms go: a committee's own and its members' on the committees page, and
programmes and institutions on the administration page."""

import pandas as pd

from ui import content, context, data, record_form, widgets
from ui.context import label, t


def new_committee() -> None:
    """The form creating a committee in a region the person edits."""
    run = context.current()
    record_form.section(
        "committee",
        t("record.new_committee"),
        key="committee.new",
        allowed=run.actor.can_edit_any,
        region=run.region,
    )


def committee(committee_row: dict, members: pd.DataFrame) -> None:
    """Edit the committee; add a member; change a member's role."""
    committee_id, region = int(committee_row["id"]), committee_row["region_code"]
    editable = context.current().actor.can_edit_region(region)
    record_form.section(
        "committee",
        t("record.edit_committee"),
        key=f"committee.{committee_id}",
        allowed=editable,
        record_id=committee_id,
        region=region,
    )
    record_form.section(
        "committeemember",
        t("record.new_member"),
        key=f"member.new.{committee_id}",
        allowed=editable,
        fixed={"committee_id": committee_id},
    )
    choices = {
        int(
            r["id"]
        ): f"{content.institution(r, 'institution')} · {label('committee_role', r['role'])}"
        for r in members.to_dict("records")
    }
    record_form.picked_section(
        "committeemember",
        t("record.edit_member"),
        choices,
        key=f"member.{committee_id}",
        allowed=editable,
    )


def administration() -> None:
    """Programmes (create, edit) and institutions (edit), for administrators."""
    allowed = context.current().actor.can_manage_users
    programmes = data.plan_choices(None)["programmes"]
    record_form.section(
        "programme", t("record.new_programme"), key="programme.new", allowed=allowed
    )
    choices = {
        int(r["id"]): f"{r['code']} · {widgets.localized(r, 'name')}"
        for r in programmes.to_dict("records")
    }
    record_form.picked_section(
        "programme", t("record.edit_programme"), choices, key="programme", allowed=allowed
    )
    registry = data.institution_registry()
    names = content.institution_names(registry)
    institutions = dict(zip(registry["id"].astype(int), names, strict=True))
    record_form.picked_section(
        "institution",
        t("record.edit_institution"),
        institutions,
        key="institution",
        allowed=allowed,
    )
