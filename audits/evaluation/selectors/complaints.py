"""Complaint reads: the list a user may see, personal data masked per `can_see_complainant`,
and the complaint figures (答复及时率, open and overdue counts)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from qms.org.models import Role
from qms.org.roles import has_role

from ..models import OPEN_STATUSES, Complaint, ComplaintStatus
from ..permissions import can_see_complainant

MASK = "***"


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: the family name's first character stays."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678; short numbers keep only their last two digits."""
    phone = (phone or "").strip()
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(0, len(phone) - 2) + phone[-2:] if phone else ""


@dataclass(frozen=True)
class Complainant:
    name: str
    phone: str
    contact: str
    masked: bool


def complainant_for_user(complaint: Complaint, user) -> Complainant:
    """The complainant as `user` may see them (the one place masking is decided)."""
    if can_see_complainant(user, complaint):
        return Complainant(complaint.complainant_name, complaint.complainant_phone, complaint.complainant_contact,
                           masked=False)
    return Complainant(mask_name(complaint.complainant_name), mask_phone(complaint.complainant_phone),
                       MASK if complaint.complainant_contact else "", masked=True)


def complaint_list_for_user(user):
    """Office, management, auditors and administrators see every complaint; department heads
    and staff see those concerning their own department."""
    qs = Complaint.objects.select_related("department", "handler")
    if has_role(user, Role.OFFICE, Role.MANAGER, Role.AUDITOR, Role.ADMIN):
        return qs
    return qs.filter(department_id=user.department_id) if user.department_id else qs.none()


def complaints_with_complainant(complaints, user) -> list[tuple[Complaint, Complainant]]:
    return [(c, complainant_for_user(c, user)) for c in complaints]


def complaint_overdue_q(today: dt.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


@dataclass
class ComplaintStats:
    total: int
    open: int
    overdue: int
    replied: int
    on_time: int
    late: int
    substantiated: int

    @property
    def on_time_rate(self):
        from .satisfaction import rate_of

        return rate_of(self.on_time, self.on_time + self.late)


def complaint_stats(start: dt.date, end: dt.date, *, today: dt.date | None = None, department=None) -> ComplaintStats:
    """Complaints received in [start, end], in one aggregate query. 答复及时 = replied on or
    before the deadline; late = replied after it, or still unreplied past it on `today`."""
    today = today or timezone.localdate()
    qs = Complaint.objects.filter(received_on__gte=start, received_on__lte=end)
    if department is not None:
        qs = qs.filter(department=department)
    row = qs.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=complaint_overdue_q(today)),
        replied=Count("id", filter=Q(replied_on__isnull=False)),
        on_time=Count("id", filter=Q(replied_on__isnull=False, replied_on__lte=F("due_on"))),
        late_replied=Count("id", filter=Q(replied_on__isnull=False, replied_on__gt=F("due_on"))),
        substantiated=Count("id", filter=Q(substantiated=True)),
    )
    return ComplaintStats(total=row["total"], open=row["open"], overdue=row["overdue"], replied=row["replied"],
                          on_time=row["on_time"], late=row["late_replied"] + row["overdue"],
                          substantiated=row["substantiated"])


def complaints_by_department(start: dt.date, end: dt.date) -> dict[int, dict]:
    """department id -> {total, substantiated} for complaints received in the period (one query)."""
    rows = (Complaint.objects.filter(received_on__gte=start, received_on__lte=end).values("department_id")
            .annotate(total=Count("id"), substantiated=Count("id", filter=Q(substantiated=True))).order_by())
    return {r["department_id"]: r for r in rows}


def complaints_by_status() -> dict[str, int]:
    rows = Complaint.objects.values("status").annotate(n=Count("id")).order_by()
    counts = {s: 0 for s in ComplaintStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def complaint_register_rows(complaints, user) -> list[list]:
    """Rows of the complaint register export, masked for `user` exactly as the pages are."""
    rows = []
    for complaint, person in complaints_with_complainant(complaints, user):
        rows.append([
            complaint.number, complaint.received_on, complaint.get_channel_display(), person.name, person.phone,
            complaint.department.name, complaint.item_name, complaint.description, complaint.get_status_display(),
            complaint.due_on, complaint.replied_on,
            "" if complaint.substantiated is None else ("属实" if complaint.substantiated else "不属实"),
            complaint.get_feedback_display() if complaint.feedback else "", complaint.nonconformity_ref,
        ])
    return rows
