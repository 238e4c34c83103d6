"""Acknowledgements in batches (the demo loader publishes hundreds of editions): the same rows,
history and notifications as one request or one confirmation at a time."""

import pytest

from qms.core.errors import TransitionRefused
from qms.core.models import Notification
from standards import services
from standards.models import Acknowledgement
from standards.services.acknowledgements import acknowledgements_batched, acknowledgements_confirm_many
from tests.factories import UserFactory

from .helpers import make_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def tax_staff(departments):
    return [UserFactory(username=f"tax{i}", department=departments["tax"]) for i in range(3)]


def test_publications_in_a_batch_ask_the_same_people_when_the_batch_ends(office_user, staff_user, tax_staff,
                                                                          departments):
    with acknowledgements_batched():
        _standard, edition = make_in_force(office_user, applicable_departments=[departments["tax"]])
        assert not Acknowledgement.objects.filter(edition=edition).exists()
    asked = set(Acknowledgement.objects.filter(edition=edition).values_list("user__username", flat=True))
    assert asked == {"staff", "tax0", "tax1", "tax2"}
    history = Acknowledgement.history.filter(edition_id=edition.pk)
    assert history.count() == 4 and {h.history_user for h in history} == {office_user}
    assert Notification.objects.filter(recipient=staff_user, verb="acknowledge").exists()


def test_many_confirmed_at_once_each_by_its_own_person(office_user, staff_user, tax_staff, departments):
    standard, first = make_in_force(office_user, applicable_departments=[departments["tax"]])
    rows = list(Acknowledgement.objects.filter(edition=first))
    assert acknowledgements_confirm_many(acknowledgements=rows) == 4
    assert not Acknowledgement.objects.filter(edition=first, acknowledged_at=None).exists()
    for ack in rows:
        last = ack.history.first()
        assert (last.history_user, last.history_change_reason) == (ack.user, "已阅知悉")
    second = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2026", text="新")
    services.edition_publish(actor=office_user, edition=second, exempt_reason="测试")
    # The first edition is superseded: its requests are no longer to be confirmed.
    Acknowledgement.objects.filter(edition=first).update(acknowledged_at=None)
    with pytest.raises(TransitionRefused):
        acknowledgements_confirm_many(acknowledgements=Acknowledgement.objects.filter(edition=first))
