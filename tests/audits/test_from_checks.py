import datetime as dt

import pytest

from audits.models import Nonconformity
from standards.services import implementation_check_record

from ..standards.helpers import make_in_force

pytestmark = pytest.mark.django_db


def test_nonconforming_check_raises_a_nonconformity_in_one_step(client, office_user, auditor_user, departments):
    standard, _ = make_in_force(office_user)
    check = implementation_check_record(actor=auditor_user, standard=standard, department=departments["market"],
                                        checked_on=dt.date.today(), result="nonconforming",
                                        notes="窗口未公示办事指南")
    client.force_login(auditor_user)
    page = client.get(f"/standards/checks/{check.pk}/").content.decode()
    assert 'id="raise-nc"' in page
    response = client.post(f"/audits/nonconformities/from-check/{check.pk}/", {"grade": "minor"})
    nonconformity = Nonconformity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/audits/nonconformities/{nonconformity.pk}/"
    assert nonconformity.source == "implementation_check" and nonconformity.department == departments["market"]
    assert nonconformity.standard == standard and "未公示办事指南" in nonconformity.description
    check.refresh_from_db()
    assert check.nonconformity_ref == nonconformity.number
    # A second click does not raise a second one.
    client.post(f"/audits/nonconformities/from-check/{check.pk}/", {"grade": "minor"})
    assert Nonconformity.objects.count() == 1


def test_staff_cannot_raise_from_a_check(client, office_user, auditor_user, staff_user, departments):
    standard, _ = make_in_force(office_user)
    check = implementation_check_record(actor=auditor_user, standard=standard, department=departments["market"],
                                        checked_on=dt.date.today(), result="nonconforming", notes="x")
    client.force_login(staff_user)
    assert client.post(f"/audits/nonconformities/from-check/{check.pk}/").status_code == 403
    assert not Nonconformity.objects.exists()
