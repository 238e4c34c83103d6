"""The demo register of internal auditors and audit points: the demo audits' teams satisfy the
audit-team rule, one auditor's qualification expires soon (and his 我的待办 says so), and the
service standards' clauses carry audit points."""

import pytest
from django.utils import timezone

from audits.models import Audit, AuditPoint, Nonconformity, Result
from audits.selectors.auditors import auditor_register
from audits.services.auditors import audit_team_refusal
from qms.core.todo import todos_for
from qms.org.models import User


@pytest.mark.django_db
def test_demo_auditors_are_qualified_for_their_audits_and_one_expires_soon(demo):
    for audit in Audit.objects.all():
        assert audit_team_refusal(audit) is None, audit.number
    statuses = {row.auditor.username: row.status for row in auditor_register(timezone.localdate())}
    assert statuses == {"auditor": "valid", "zx_dck_01": "expiring", "zx_dck_02": "expired"}
    assert any("内审员资格" in t.kind for t in todos_for(User.objects.get(username="zx_dck_01")))
    assert AuditPoint.objects.values("standard").distinct().count() >= 5
    observed = Audit.objects.filter(items__result=Result.OBSERVATION).distinct().count()
    assert observed == 2 and not Nonconformity.objects.filter(checklist_item__result=Result.OBSERVATION).exists()
