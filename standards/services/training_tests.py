"""Tests (考核) at a training session: the office enters each participant's score on the grid
or imports the scores from a spreadsheet; a score at or above the session's pass mark passes.

Rules (the grid and the import apply the same ones): the session must have a pass mark; only
people who signed in (实际参训) can have a score; a score is a number from 0 to 100 with at
most one decimal. The import is all or nothing: every bad row is named (row, column, why) and
nothing is written while any remains."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
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
from qms.core.spreadsheets import find_header, normalize_text, read_workbook

from ..imports import ImportRefused
from ..models import TrainingScore, TrainingSession
from ..permissions import can_edit_standards

ALIASES = with_units({
    "number": ["工号", "员工编号", "人员编号", "职工号", "账号", "登录名"],
    "name": ["姓名", "人员", "参训人员", "考生姓名", "名字", "人员姓名"],
    "score": ["成绩", "考核成绩", "分数", "得分", "考试成绩", "测试成绩"],
}, "分")
LABELS = {"number": "工号", "name": "姓名", "score": "成绩"}


def can_record_scores(user) -> bool:
    """Scores are entered by the standardization office (which runs the trainings)."""
    return can_edit_standards(user)


def _require(actor, session):
    if not can_record_scores(actor):
        raise PermissionRefused(_("只有标准化办公室可以登记考核成绩。"))
    if session.pass_mark is None:
        raise ApplicationError(_("本场培训未设考核（没有合格分），不能登记成绩。"))


def parse_score(value) -> Decimal:
    """0-100, at most one decimal; ValueError with the reason otherwise."""
    text = normalize_text(value).removesuffix("分")
    if not text:
        raise ValueError(_("成绩为空"))
    try:
        score = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("“%(v)s”不是数字") % {"v": text}) from exc
    if not Decimal(0) <= score <= Decimal(100):
        raise ValueError(_("成绩 %(v)s 不在 0～100 之间") % {"v": text})
    if score != score.quantize(Decimal("0.1")):
        raise ValueError(_("成绩 %(v)s 最多保留一位小数") % {"v": text})
    return score.quantize(Decimal("0.1"))


def _apply(*, actor, session, wanted: dict, removed=(), reason: str) -> None:
    existing = {s.user_id: s for s in TrainingScore.objects.filter(session=session)}
    created, changed = [], []
    for user_id, score in wanted.items():
        row = existing.get(user_id)
        if row is None:
            created.append(TrainingScore(session=session, user_id=user_id, score=score, recorded_by=actor))
        elif row.score != score:
            row.score, row.recorded_by = score, actor
            changed.append(row)
    bulk_save_with_history(TrainingScore, created=created, changed=changed, fields=["score", "recorded_by"],
                           actor=actor, reason=reason)
    gone = [existing[u] for u in removed if u in existing]
    for row in gone:
        row._change_reason, row._history_user = reason, actor
        row.delete()


@transaction.atomic
def training_scores_record(*, actor, session: TrainingSession, scores: dict) -> TrainingSession:
    """The grid: `scores` maps each participant (user id) to a score, or None to clear it."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _require(actor, session)
    attended = set(session.attendees.values_list("pk", flat=True))
    wanted, removed, errors = {}, [], []
    for user_id, value in scores.items():
        if value in (None, ""):
            removed.append(user_id)
            continue
        if user_id not in attended:
            errors.append(_("人员 %(u)s 未签到参训，不能登记成绩。") % {"u": user_id})
            continue
        try:
            wanted[user_id] = parse_score(value)
        except ValueError as error:
            errors.append(str(error))
    if errors:
        raise ApplicationError("；".join(errors))
    _apply(actor=actor, session=session, wanted=wanted, removed=removed, reason=_("登记考核成绩"))
    return session


def training_scores_import_preview(*, session: TrainingSession, upload, filename: str) -> PersonRowsPlan:
    """Read a score sheet (工号 and/or 姓名, 成绩; header anywhere in the first rows, its wording
    tolerant) and plan it against the session, writing nothing."""
    if session.pass_mark is None:
        raise ApplicationError(_("本场培训未设考核（没有合格分），不能导入成绩。"))
    sheet = read_workbook(upload)[0]
    header = find_header(sheet, ALIASES, required=["score"])
    if header is None or not ({"number", "name"} & set(header.columns)):
        raise ApplicationError(_("前 15 行中找不到表头：须有“成绩”列，以及“工号”或“姓名”列。"))
    plan = PersonRowsPlan(filename=filename)
    people, attended = PersonLookup(), set(session.attendees.values_list("pk", flat=True))
    existing = dict(TrainingScore.objects.filter(session=session).values_list("user_id", "score"))
    seen: dict[int, int] = {}

    def cell(row, name):
        index = header.columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for rownum, row in enumerate(sheet.rows[header.row_index + 1:], start=header.row_index + 2):
        if not any(normalize_text(v) for v in row):
            continue
        user, why = people.find(cell(row, "number"), cell(row, "name"))
        if user is None:
            plan.errors.append(row_error(rownum, LABELS["number" if "number" in header.columns else "name"], why))
            continue
        if user.pk not in attended:
            plan.errors.append(row_error(rownum, LABELS["name"], _("%(who)s 未签到参训本场培训") % {"who": user.display_name}))
            continue
        if user.pk in seen:
            plan.errors.append(row_error(rownum, LABELS["name"], _("%(who)s 与第 %(r)d 行重复") % {
                "who": user.display_name, "r": seen[user.pk]}))
            continue
        seen[user.pk] = rownum
        try:
            score = parse_score(cell(row, "score"))
        except ValueError as error:
            plan.errors.append(row_error(rownum, LABELS["score"], str(error)))
            continue
        before = existing.get(user.pk)
        action = CREATE if before is None else (UNCHANGED if before == score else UPDATE)
        plan.rows.append(PersonRow(row=rownum, person=user, values={"score": score}, action=action,
                                   changes=[f"{before} → {score}"] if action == UPDATE else []))
    if not plan.rows and not plan.errors:
        raise ApplicationError(_("文件中没有成绩数据行。"))
    return plan


@transaction.atomic
def training_scores_import(*, actor, session: TrainingSession, upload, filename: str) -> PersonRowsPlan:
    """Write a score sheet whose preview has no errors (all or nothing)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _require(actor, session)
    plan = training_scores_import_preview(session=session, upload=upload, filename=filename)
    if plan.errors:
        raise ImportRefused(_("成绩表有错误，未导入任何成绩。"), plan=plan)
    _apply(actor=actor, session=session, wanted={r.person.pk: r.values["score"] for r in plan.rows},
           reason=_("导入 %(f)s") % {"f": filename})
    return plan
