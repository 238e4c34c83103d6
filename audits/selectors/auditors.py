"""The register of internal auditors as the page shows it: each auditor's qualification status
(有效 / 即将到期 / 已过期) and their certificates, newest first; the audit-point library by standard."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from qms.org.models import ROLE_GROUP_NAMES, Role, User

from ..models import AuditorQualification, AuditPoint

EXPIRY_WARNING_DAYS = 60
VALID, EXPIRING, EXPIRED, NONE = "valid", "expiring", "expired", "none"
STATUS_LABELS = {VALID: "有效", EXPIRING: "即将到期", EXPIRED: "已过期", NONE: "无资格记录"}


def qualification_status(qualification: AuditorQualification | None, today: dt.date) -> str:
    if qualification is None:
        return NONE
    if qualification.expires_on < today or qualification.obtained_on > today:
        return EXPIRED if qualification.expires_on < today else NONE
    if qualification.expires_on <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        return EXPIRING
    return VALID


def current_qualification(qualifications, today: dt.date) -> AuditorQualification | None:
    """The certificate in force today lasting longest; else the latest to have lapsed."""
    valid = [q for q in qualifications if q.obtained_on <= today <= q.expires_on]
    if valid:
        return max(valid, key=lambda q: q.expires_on)
    lapsed = [q for q in qualifications if q.expires_on < today]
    return max(lapsed, key=lambda q: q.expires_on) if lapsed else None


@dataclass
class RegisterRow:
    auditor: User
    current: AuditorQualification | None
    status: str
    certificates: list[AuditorQualification] = field(default_factory=list)
    is_auditor: bool = True  # holds the role now (a former auditor's certificates stay listed)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def auditor_register(today: dt.date) -> list[RegisterRow]:
    """Everyone with the auditor role or a certificate on record (a former auditor stays listed)."""
    role_holders = set(User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.AUDITOR]).values_list("pk", flat=True))
    users = (User.objects.filter(Q(groups__name=ROLE_GROUP_NAMES[Role.AUDITOR])
                                 | Q(auditor_qualifications__isnull=False)).distinct()
             .select_related("department")
             .prefetch_related(Prefetch("auditor_qualifications",
                                        queryset=AuditorQualification.objects.order_by("-expires_on", "-id")))
             .order_by("department__order", "username"))
    rows = []
    for user in users:
        certificates = list(user.auditor_qualifications.all())
        current = current_qualification(certificates, today)
        rows.append(RegisterRow(auditor=user, current=current, status=qualification_status(current, today),
                                certificates=certificates, is_auditor=user.pk in role_holders))
    return rows


def expiring_qualification(user, today: dt.date) -> AuditorQualification | None:
    """The user's certificate in force today when it expires within the warning period and no
    later certificate takes over (a renewal already entered silences the warning)."""
    current = current_qualification(list(user.auditor_qualifications.all()), today)
    if current is not None and qualification_status(current, today) == EXPIRING:
        return current
    return None


def audit_points_grouped(standard_id: int | None = None) -> list[tuple]:
    """(standard, points) for the library page, in the standards' order."""
    points = AuditPoint.objects.select_related("standard").order_by("standard__code", "order", "id")
    if standard_id:
        points = points.filter(standard_id=standard_id)
    groups: dict[int, tuple] = {}
    for point in points:
        groups.setdefault(point.standard_id, (point.standard, []))[1].append(point)
    return list(groups.values())
