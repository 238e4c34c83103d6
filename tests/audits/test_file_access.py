"""One rule for every stored evidence file: whoever may read the record may read its files.
Office, auditors and managers read every department's; a department head reads their own
department's; other users read none. Checked role by role, inside and outside the department,
on implementation-check evidence and on corrective-action attachments."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.services import attachment_add
from qms.org.models import Role
from standards.models import ImplementationCheck
from standards.services import implementation_check_record

from ..factories import UserFactory
from ..hostile import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(nonconformity, standards_in_force, auditor_user, head_user, departments):
    check = implementation_check_record(
        actor=auditor_user, standard=standards_in_force[0], department=departments["market"],
        checked_on=dt.date.today(), result="mostly", notes="台账未及时登记",
        evidence=[SimpleUploadedFile("现场.png", png_bytes())])
    attachment = attachment_add(actor=head_user, upload=SimpleUploadedFile("签到表.png", png_bytes()),
                                corrective_action=nonconformity.actions.get())
    return check, check.evidence.get(), attachment


@pytest.mark.parametrize("who, reads", [
    ("office", True), ("auditor", True), ("manager", True), ("head", True),
    ("taxhead", False), ("staff", False), ("admin", False),
])
def test_evidence_files_are_read_by_those_who_may_read_their_record(client, role_users, departments, files,
                                                                      who, reads):
    users = {**role_users, "taxhead": UserFactory(username="taxhead", roles=[Role.DEPARTMENT_HEAD],
                                                  department=departments["tax"])}
    check, evidence, attachment = files
    client.force_login(users[who])
    expected = 200 if reads else 403
    assert client.get(f"/standards/evidence/{evidence.pk}/").status_code == expected
    assert client.get(f"/audits/attachments/{attachment.pk}/").status_code == expected
    assert client.get(f"/standards/checks/{check.pk}/").status_code == expected
    listing = client.get("/standards/checks/").content.decode()
    assert (f"/standards/checks/{check.pk}/" in listing) is reads


def test_evidence_ids_cannot_be_walked_by_a_stranger(client, staff_user, files):
    client.force_login(staff_user)
    statuses = {client.get(f"/standards/evidence/{pk}/").status_code
                for pk in range(1, files[1].pk + 3)}
    assert statuses <= {403, 404} and ImplementationCheck.objects.count() == 1
