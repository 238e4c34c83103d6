"""Attendance (出勤) from the attendance system's export: one row per person and month with days
due, days present, late/early-leave and absence counts. Header wording tolerant (the shared
`find_header`), people by 工号 (login name) or name, all or nothing: every bad row is named
(row, column, why) and nothing is written while any remains. A person's month imported again
replaces that month's figures."""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import bulk_save_with_history
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.import_rows import (
    CREATE,
    UNCHANGED,
    UPDATE,
    PersonLookup,
    PersonRow,
    PersonRowsPlan,
    row_error,
    with_units,
)
from qms.core.spreadsheets import find_header, normalize_code, normalize_text, read_workbook
from standards.imports import ImportRefused

from ..models import Attendance
from ..permissions import can_manage_evaluation

ALIASES = with_units({
    "number": ["工号", "员工编号", "人员编号", "职工号", "考勤号", "账号", "登录名"],
    "name": ["姓名", "人员", "员工姓名", "人员姓名"],
    "month": ["月份", "考勤月份", "统计月份", "年月", "考勤期间", "月"],
    "days_due": ["应出勤天数", "应出勤", "应到天数", "应勤天数", "应上班天数"],
    "days_present": ["实际出勤天数", "实出勤天数", "实际出勤", "出勤天数", "实到天数", "实出勤"],
    "late": ["迟到早退次数", "迟到早退", "迟到次数", "迟到"],
    "absent": ["缺勤次数", "缺勤", "旷工次数", "旷工"],
}, "天", "次")
REQUIRED = ["month", "days_due", "days_present"]
LABELS = {"number": "工号", "name": "姓名", "month": "月份", "days_due": "应出勤天数",
          "days_present": "实际出勤天数", "late": "迟到早退次数", "absent": "缺勤次数"}
FIELDS = ["days_due", "days_present", "late", "absent"]
_MONTH = re.compile(r"^(\d{4})(?:[-./年])?(\d{1,2})月?$")


def parse_month(value) -> dt.date:
    """2026-03, 2026.3, 2026年3月, 202603 or a date in the month; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = normalize_code(value)
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(_("无法识别的月份“%(v)s”（应为 2026-03 或 2026年3月）") % {"v": text or "空"})
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _count(value, *, required: bool) -> int:
    text = normalize_code(value).removesuffix("天").removesuffix("次")
    if not text:
        if required:
            raise ValueError(_("为空"))
        return 0
    try:
        number = float(text)
    except ValueError as exc:
        raise ValueError(_("“%(v)s”不是数字") % {"v": text}) from exc
    if number < 0 or number != int(number):
        raise ValueError(_("“%(v)s”应为不小于 0 的整数") % {"v": text})
    return int(number)


def attendance_import_preview(*, upload, filename: str) -> PersonRowsPlan:
    sheet = read_workbook(upload)[0]
    header = find_header(sheet, ALIASES, required=REQUIRED)
    if header is None or not ({"number", "name"} & set(header.columns)):
        raise ApplicationError(_("前 15 行中找不到表头：须有“工号”或“姓名”列，以及“月份、应出勤天数、实际出勤天数”列。"))
    plan, people, today = PersonRowsPlan(filename=filename), PersonLookup(), timezone.localdate()
    parsed, seen = [], {}

    def cell(row, name):
        index = header.columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for rownum, row in enumerate(sheet.rows[header.row_index + 1:], start=header.row_index + 2):
        if not any(normalize_text(v) for v in row):
            continue
        errors = []
        user, why = people.find(cell(row, "number"), cell(row, "name"))
        if user is None:
            errors.append(row_error(rownum, LABELS["number" if "number" in header.columns else "name"], why))
        try:
            month = parse_month(cell(row, "month"))
            if month > today.replace(day=1):
                errors.append(row_error(rownum, LABELS["month"], _("%(m)s 尚未开始") % {"m": f"{month:%Y-%m}"}))
        except ValueError as error:
            month = None
            errors.append(row_error(rownum, LABELS["month"], str(error)))
        values = {}
        for name in FIELDS:
            try:
                values[name] = _count(cell(row, name), required=name in REQUIRED)
            except ValueError as error:
                errors.append(row_error(rownum, LABELS[name], str(error)))
        if "days_due" in values and not 1 <= values["days_due"] <= 31:
            errors.append(row_error(rownum, LABELS["days_due"], _("应在 1～31 之间")))
        elif {"days_due", "days_present"} <= set(values) and values["days_present"] > values["days_due"]:
            errors.append(row_error(rownum, LABELS["days_present"], _("实际出勤 %(p)d 天多于应出勤 %(d)d 天") % {
                "p": values["days_present"], "d": values["days_due"]}))
        if user is not None and month is not None:
            key = (user.pk, month)
            if key in seen:
                errors.append(row_error(rownum, LABELS["name"], _("%(who)s %(m)s 与第 %(r)d 行重复") % {
                    "who": user.display_name, "m": f"{month:%Y-%m}", "r": seen[key]}))
            seen.setdefault(key, rownum)
        if errors:
            plan.errors.extend(errors)
            continue
        parsed.append((rownum, user, month, values))
    if not parsed and not plan.errors:
        raise ApplicationError(_("文件中没有出勤数据行。"))
    existing = {(a.user_id, a.month): a for a in Attendance.objects.filter(
        month__in={m for _r, _u, m, _v in parsed}, user__in={u.pk for _r, u, _m, _v in parsed})}
    for rownum, user, month, values in parsed:
        before = existing.get((user.pk, month))
        changes = [f"{LABELS[f]} {getattr(before, f)} → {values[f]}" for f in FIELDS
                   if before is not None and getattr(before, f) != values[f]]
        action = CREATE if before is None else (UPDATE if changes else UNCHANGED)
        plan.rows.append(PersonRow(row=rownum, person=user, values={"month": f"{month:%Y-%m}", **values},
                                   action=action, changes=changes))
    return plan


@transaction.atomic
def attendance_import(*, actor, upload, filename: str) -> PersonRowsPlan:
    """Write an attendance export whose preview has no errors (all or nothing)."""
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以导入出勤。"))
    plan = attendance_import_preview(upload=upload, filename=filename)
    if plan.errors:
        raise ImportRefused(_("出勤表有错误，未导入任何数据。"), plan=plan)
    existing = {(a.user_id, a.month): a for a in Attendance.objects.select_for_update().filter(
        user__in={r.person.pk for r in plan.rows})}
    created, changed = [], []
    for row in plan.rows:
        month = dt.date.fromisoformat(row.values["month"] + "-01")
        values = {f: row.values[f] for f in FIELDS}
        record = existing.get((row.person.pk, month))
        if record is None:
            created.append(Attendance(user=row.person, month=month, **values))
        elif row.action == UPDATE:
            for f, v in values.items():
                setattr(record, f, v)
            changed.append(record)
    bulk_save_with_history(Attendance, created=created, changed=changed, fields=FIELDS, actor=actor,
                           reason=_("导入 %(f)s") % {"f": filename})
    return plan
