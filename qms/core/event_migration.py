"""Moving an app's old status-change rows into `core.WorkflowEvent` (used by data migrations)."""


def copy_rows(apps, *, old_model: tuple[str, str], workflow_of, subject_of) -> None:
    """Copy every row of `old_model` into WorkflowEvent. `subject_of(row)` gives
    (app_label, model_name, object_id) of the record the row belongs to; `workflow_of(row)` its
    workflow key."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowEvent = apps.get_model("core", "WorkflowEvent")
    Old = apps.get_model(*old_model)
    types: dict[tuple[str, str], int] = {}
    rows = []
    for row in Old.objects.order_by("id").iterator():
        app_label, model, object_id = subject_of(row)
        if (app_label, model) not in types:
            types[(app_label, model)] = ContentType.objects.get_or_create(app_label=app_label, model=model)[0].pk
        rows.append(WorkflowEvent(
            content_type_id=types[(app_label, model)], object_id=object_id, workflow=workflow_of(row),
            from_status=row.from_status or "", to_status=row.to_status or "", label=getattr(row, "label", "") or "",
            actor_id=row.actor_id, at=row.at, note=row.note or ""))
    WorkflowEvent.objects.bulk_create(rows, batch_size=1000)
