"""The demo loader of the standards' life fills every page with records and runs only once."""

import io

import pytest

from qms.demo import lifecycle
from standards import selectors
from standards.models import (
    ChangeRequest,
    Comment,
    Consultation,
    EditionStatus,
    ImplementationCheck,
    TrainingSession,
)
from tests.factories import UserFactory

from .helpers import make_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(departments, office_user, manager_user, auditor_user, staff_user):
    UserFactory(username="office2", roles=["office"], department=departments["office"])
    for i in range(8):
        UserFactory(username=f"w{i}", department=departments["tax" if i % 2 else "market"])
    for i in range(1, 13):
        make_in_force(office_user, code=f"301-{i:02d}", number=f"Q/XZFW 301.{i:02d}-2023",
                      applicable_departments=[departments["tax"], departments["market"]])


def test_demo_loader_creates_records_behind_every_figure_once(centre):
    out = io.StringIO()
    lifecycle.load(out)
    assert "loaded" in out.getvalue()
    settled = Consultation.objects.filter(status="closed").get()
    assert settled.edition.status == EditionStatus.APPROVED
    assert not Comment.objects.filter(consultation=settled, disposition="").exists()
    assert Consultation.objects.filter(status="open").exists()
    assert TrainingSession.objects.count() == 6
    assert ImplementationCheck.objects.exists()
    assert ChangeRequest.objects.filter(status="declined").exists()
    for rate in (selectors.implementation_rate(), selectors.participation_rate(), selectors.acknowledgement_rate()):
        assert rate.percent is not None and rate.percent > 50
    counts = (TrainingSession.objects.count(), ImplementationCheck.objects.count(), Comment.objects.count())
    lifecycle.load(io.StringIO())
    assert (TrainingSession.objects.count(), ImplementationCheck.objects.count(), Comment.objects.count()) == counts


@pytest.mark.django_db
def test_demo_loader_does_nothing_without_standards():
    out = io.StringIO()
    lifecycle.load(out)
    assert "skipped" in out.getvalue()
