"""Message ids of the column headers that tables and exports share."""

# Message ids of the headers of measure columns, shared by the tables and the CSV download;
# the CSV's columns come in this order, and *_fr/_ar/_en columns get the language code added.
MEASURE_HEADERS = {
    "code": "column.code",
    "title": "column.title",
    "region_code": "column.region_code",
    "region": "term.region",
    "province_code": "column.province_code",
    "province": "term.province",
    "commune_code": "column.commune_code",
    "commune": "term.commune",
    "place": "column.place",
    "level": "column.level",
    "status": "field.status",
    "progress": "field.progress",
    "health": "field.health",
    "planned_start": "field.planned_start",
    "planned_end": "field.planned_end",
    "actual_start": "field.actual_start",
    "actual_end": "field.actual_end",
    "budget_planned": "field.budget_planned",
    "budget_committed": "field.budget_committed",
    "budget_paid": "field.budget_paid",
    "lead_institution": "field.lead_institution",
    "pdr_reference": "field.pdr_reference",
    "tags": "field.tags",
    "provenance": "field.provenance",
    "illustrative": "column.illustrative",
    "updated_at": "column.updated_at",
}
