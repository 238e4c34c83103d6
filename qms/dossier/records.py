"""Training and acknowledgement records for the dossier (.xlsx): the contexts (reads of the
life-cycle models) and their pure renderers."""

import datetime as dt

from django.db.models import Count, Q

from qms.assessment.documents.sheets import sheet_header, sheet_title
from qms.assessment.documents.stable import stable_workbook_bytes
from qms.core.documents.dates import cn_date
from qms.core.documents.xlsx import CENTER, layout_table, new_workbook, write_cell


def _rate(done: int, expected: int) -> str:
    return f"{100 * done / expected:.1f}%" if expected else "—"


def training_context(*, organisation: str, as_of: dt.date) -> dict:
    """Every training session held up to `as_of`, with its standards and attendance; 参训率 per
    session and for the year of `as_of` come from `standards.selectors` (one definition)."""
    from standards.models import TrainingSession
    from standards.selectors import participation_rate, session_participation

    sessions = TrainingSession.objects.filter(held_on__lte=as_of).prefetch_related("editions").order_by("held_on", "id")
    rows = []
    for s in sessions:
        rate = session_participation(s)
        rows.append([cn_date(s.held_on), s.title, "、".join(e.number for e in s.editions.all()), s.trainer,
                     s.location, rate.denominator, rate.numerator, str(rate)])
    year = participation_rate(year=as_of.year, until=as_of)
    return {"organisation": organisation, "as_of": as_of, "rows": rows,
            "total": [f"{as_of.year}年参训率", "", "", "", "", year.denominator, year.numerator, str(year)]}


def acknowledgement_context(*, organisation: str, as_of: dt.date) -> dict:
    """Per edition in force: who was asked to acknowledge it, who did, and who has not yet."""
    from standards.models import Acknowledgement, Edition, EditionStatus

    editions = (Edition.objects.filter(status=EditionStatus.IN_FORCE)
                .annotate(n_asked=Count("acknowledgements"),
                          n_done=Count("acknowledgements", filter=Q(acknowledgements__acknowledged_at__isnull=False)))
                .filter(n_asked__gt=0).select_related("standard").order_by("standard__code"))
    pending = {}
    for ack in (Acknowledgement.objects.filter(edition__status=EditionStatus.IN_FORCE, acknowledged_at__isnull=True)
                .select_related("user").order_by("user__username")):
        pending.setdefault(ack.edition_id, []).append(ack.user.display_name)
    rows = [[e.standard.code, e.number, e.standard.name, e.n_asked, e.n_done, _rate(e.n_done, e.n_asked),
             "、".join(pending.get(e.pk, []))] for e in editions]
    return {"organisation": organisation, "as_of": as_of, "rows": rows}


def _sheet(title: str, header: list[str], rows: list[list], context: dict, total: list | None = None) -> bytes:
    workbook = new_workbook()
    ws = workbook.create_sheet(title)
    sheet_title(ws, 1, f"{context['organisation']} {title}", len(header))
    sheet_header(ws, 2, ["序号", *header])
    for index, values in enumerate(rows, start=1):
        for col, value in enumerate([index, *values], start=1):
            write_cell(ws, index + 2, col, value, alignment=CENTER if col == 1 else None)
    if total:
        for col, value in enumerate(["", *total], start=1):
            write_cell(ws, len(rows) + 3, col, value)
    if not rows:
        write_cell(ws, 3, 2, "（无记录）", border=False)
    layout_table(ws, header_row=2)
    return stable_workbook_bytes(workbook, as_of=context["as_of"])


def training_records_xlsx(context: dict) -> bytes:
    return _sheet("培训记录", ["培训日期", "培训主题", "培训标准", "授课人", "地点", "应参训", "实际参训", "参训率"],
                  context["rows"], context, total=context["total"])


def acknowledgement_records_xlsx(context: dict) -> bytes:
    return _sheet("学习确认记录", ["体系表编号", "标准编号", "标准名称", "应确认", "已确认", "确认率", "未确认人员"],
                  context["rows"], context)
