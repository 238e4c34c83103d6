"""Test data for evaluation: ratings in bulk with known shares, complaints through the services."""

import datetime as dt
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from audits.evaluation.models import Grade, Rating

_seq = itertools.count(1)
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add_ratings(department, day: dt.date, *, satisfied=0, basic=0, dissatisfied=0, item="", staff="",
                reason="", on_time=None, person=None):
    """Insert ratings with the given grade counts on `day`; returns the ratings."""
    rows = []
    for grade, n in ((Grade.SATISFIED, satisfied), (Grade.BASIC, basic), (Grade.DISSATISFIED, dissatisfied)):
        for _ in range(n):
            rows.append(Rating(case_number=f"T{next(_seq):07d}", rated_on=day, department=department,
                               grade=grade, item_name=item, staff_name=staff, finished_on_time=on_time, staff=person,
                               reason=reason if grade == Grade.DISSATISFIED else ""))
    return Rating.objects.bulk_create(rows)


def xlsx_upload(rows, name="评价导出.xlsx", title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in title_rows:
        sheet.append(row)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CT)


def csv_upload(text: str, name="export.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
