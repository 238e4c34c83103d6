"""Implementation checks (标准实施检查). A 不符合 check is returned to the caller, which raises a
nonconformity from it (the audits app); the nonconformity's number is then linked back here."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import clean_for_bulk, create_with_history
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.uploads import upload_check

from ..models import CheckEvidence, CheckResult, Edition, EditionStatus, ImplementationCheck, Standard
from ..permissions import can_edit_standards, can_record_checks

EVIDENCE_KINDS = {"docx", "pdf", "xlsx", "jpg", "png"}


@transaction.atomic
def implementation_check_record(*, actor, standard: Standard, department, checked_on: dt.date, result: str,
                                notes: str = "", evidence=()) -> ImplementationCheck:
    """Record a check of a standard in force in a department, with evidence files.
    Returns the check: when `check.needs_nonconformity` the caller raises a nonconformity."""
    edition = standard.editions.filter(status=EditionStatus.IN_FORCE).order_by().first()  # one at most
    check = _check_row(actor=actor, standard=standard, edition=edition, department=department,
                       checked_on=checked_on, result=result, notes=notes)
    save_with_reason(check, actor=actor, reason=_("登记实施检查"))
    for upload in evidence:
        _evidence_add(check, upload, actor)
    return check


@transaction.atomic
def implementation_checks_record_many(*, checks) -> list[ImplementationCheck]:
    """`implementation_check_record` for many checks without evidence files (a year of checks
    loaded at once): each a dict of that function's arguments. The same refusals, rows and
    history rows (who: each check's checker), in the order given; the editions in force are
    read in one query and the rows written in one INSERT (and one for their history)."""
    checks = list(checks)
    in_force = {e.standard_id: e for e in Edition.objects.filter(
        standard_id__in={c["standard"].pk for c in checks}, status=EditionStatus.IN_FORCE)}
    rows = []
    for spec in checks:
        row = _check_row(edition=in_force.get(spec["standard"].pk), **spec)
        clean_for_bulk(row)
        row._change_reason = _("登记实施检查")
        if getattr(spec["actor"], "pk", None):
            row._history_user = spec["actor"]
        rows.append(row)
    return create_with_history(ImplementationCheck, rows)


def _check_row(*, actor, standard: Standard, edition, department, checked_on: dt.date, result: str,
               notes: str = "") -> ImplementationCheck:
    """The check as it will be stored, or the refusal: who may record it, an edition in force,
    a date not in the future, a result, and notes for a result short of 符合."""
    if not can_record_checks(actor):
        raise PermissionRefused(_("只有标准化办公室或内审员可以登记实施检查。"))
    if edition is None:
        raise ApplicationError(_("%(c)s 没有现行版本，不能做实施检查。") % {"c": standard.code}, field="standard")
    if checked_on is None or checked_on > timezone.localdate():
        raise ApplicationError(_("检查日期不能晚于今天。"), field="checked_on")
    if result not in CheckResult.values:
        raise ApplicationError(_("请选择检查结果。"), field="result")
    if result != CheckResult.CONFORMING and not (notes or "").strip():
        raise ApplicationError(_("“基本符合”或“不符合”须写明检查发现的问题。"), field="notes")
    return ImplementationCheck(standard=standard, edition=edition, department=department,
                               checked_on=checked_on, checker=actor, result=result, notes=(notes or "").strip())


def _evidence_add(check: ImplementationCheck, upload, actor) -> CheckEvidence:
    checked = upload_check(upload, allowed=EVIDENCE_KINDS)
    row = CheckEvidence(check_record=check, name=getattr(upload, "name", "") or f"evidence.{checked.kind}",
                        sha256=checked.sha256, uploaded_by=actor)
    row.file.save(f"evidence.{checked.kind}", ContentFile(checked.data), save=False)
    return save_with_reason(row, actor=actor, reason=_("上传检查证据"))


@transaction.atomic
def implementation_check_link_nonconformity(*, actor, check: ImplementationCheck, reference: str) -> ImplementationCheck:
    """Record the number of the nonconformity raised from a 不符合 check."""
    if not can_record_checks(actor) and not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室或内审员可以关联不符合项。"))
    check = ImplementationCheck.objects.select_for_update().get(pk=check.pk)
    if check.result != CheckResult.NONCONFORMING:
        raise ApplicationError(_("只有“不符合”的检查才关联不符合项。"))
    if not (reference or "").strip():
        raise ApplicationError(_("请填写不符合项编号。"), field="reference")
    check.nonconformity_ref = reference.strip()
    return save_with_reason(check, actor=actor, reason=_("关联不符合项 %(r)s") % {"r": check.nonconformity_ref})
