"""Reads for the life of a standard: what is due, who owes what, and document contexts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from qms.core.documents.dates import cn_date
from qms.core.issuing import document_code, format_number, issued_document_for
from qms.org.selectors import organisation_profile

from ..models import (
    Acknowledgement,
    CheckResult,
    Consultation,
    Edition,
    EditionStatus,
    ImplementationCheck,
    Origin,
    PeriodicReview,
    Standard,
    StandardStatus,
)
from ..permissions import can_view_check, sees_all_checks

REVIEW_HORIZON_DAYS = 90


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class ReviewDue:
    standard: Standard
    edition: Edition
    last_reviewed_on: dt.date | None
    due_on: dt.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def reviews_due(*, today: dt.date | None = None, horizon_days: int = REVIEW_HORIZON_DAYS) -> list[ReviewDue]:
    """复审到期 (reviews due): the one list and count of reviews due, used everywhere.

    In-house standards (自制) in force whose periodic review (复审) is overdue or due within
    `horizon_days` (90) of `today`. Due date = (the last 复审 of the edition in force, else its
    effective date) + the standard's review cycle in years; recording a 复审 moves the date on.
    Adopted external standards (GB, DB…) are not reviewed by the centre: their validity is
    confirmed instead (有效性确认), so they are never in this list. Sorted most overdue first."""
    today = today or timezone.localdate()
    editions = (Edition.objects.filter(status=EditionStatus.IN_FORCE, standard__status=StandardStatus.IN_FORCE,
                                       standard__origin=Origin.IN_HOUSE)
                .select_related("standard", "standard__responsible_department"))
    last = dict(PeriodicReview.objects.filter(reviewed_on__lte=today).values("edition_id").annotate(m=Max("reviewed_on"))
                .values_list("edition_id", "m"))
    rows = []
    for edition in editions:
        base = (last.get(edition.pk) or edition.effective_on or edition.published_on
                or timezone.localtime(edition.created_at).date())
        due = add_years(base, edition.standard.review_cycle_years)
        days_left = (due - today).days
        if days_left <= horizon_days:
            rows.append(ReviewDue(edition.standard, edition, last.get(edition.pk), due, days_left))
    return sorted(rows, key=lambda r: (r.due_on, r.standard.code))


def acknowledgements_owed(user):
    """The acknowledgements a person still owes, for editions in force."""
    return (Acknowledgement.objects.filter(user=user, acknowledged_at=None, edition__status=EditionStatus.IN_FORCE)
            .select_related("edition", "edition__standard").order_by("requested_at"))


def checks_needing_nonconformity():
    """不符合 checks from which no nonconformity has been raised yet: the hook for the audits
    app (`audits.services.nonconformity_raise`, wired by the lead), which then records the
    nonconformity's number with `implementation_check_link_nonconformity`."""
    return (ImplementationCheck.objects.filter(result=CheckResult.NONCONFORMING, nonconformity_ref="")
            .select_related("standard", "department"))


def consultation_summary_context(consultation: Consultation) -> dict:
    """Plain data for the 意见汇总处理表 (comment summary and disposition table)."""
    edition = consultation.edition
    comments = consultation.comments.select_related("author", "department").order_by("seq")
    rows = [{
        "seq": c.seq, "clause": c.clause, "quote": c.quote, "text": c.text,
        "author": c.author.display_name, "department": c.department.name if c.department else "",
        "disposition": c.get_disposition_display() if c.disposition else "", "reason": c.disposition_reason,
    } for c in comments]
    counts = {label: sum(1 for r in rows if r["disposition"] == label) for label in ("采纳", "部分采纳", "不采纳")}
    return {
        "organisation": organisation_profile().name,
        "title": edition.title or edition.standard.name, "number": edition.number,
        "opened": cn_date(timezone.localtime(consultation.opened_at).date()),
        "deadline": cn_date(consultation.deadline),
        "asked": "、".join([d.name for d in consultation.departments.all()]
                          + [u.display_name for u in consultation.people.all()]),
        "rows": rows, "total": len(rows), "counts": counts,
        "pending": sum(1 for r in rows if not r["disposition"]),
    }


def publication_notice_context(edition: Edition) -> dict:
    """Plain data for the 发布通知 (publication notice) of an approved or published edition."""
    profile = organisation_profile()
    approval = edition.signoffs.filter(kind="approval", decision="approved", voided_at=None).last()
    standard = edition.standard
    issued = issued_document_for(f"edition:{edition.pk}")
    year = (edition.published_on or timezone.localdate()).year
    return {
        "organisation": profile.name, "number": edition.number, "title": edition.title or standard.name,
        "document_number": issued.number if issued else format_number(document_code(), year, None),
        "issued_on": issued.issued_on if issued else edition.published_on,
        "code": standard.code, "replaces": edition.replaces,
        "published_on": cn_date(edition.published_on, blank=""),
        "effective_on": cn_date(edition.effective_on, blank=""),
        "approved_by": approval.actor.display_name if approval else "",
        "departments": [d.name for d in standard.applicable_departments.all()],
        "responsible": standard.responsible_department.name if standard.responsible_department else "",
        "year": year,
    }


def checks_for_user(user):
    """The checks `user` may read (see `permissions.can_view_check`)."""
    if sees_all_checks(user):
        return ImplementationCheck.objects.all()
    if can_view_check(user, ImplementationCheck(department_id=getattr(user, "department_id", None))):
        return ImplementationCheck.objects.filter(department_id=user.department_id)
    return ImplementationCheck.objects.none()
