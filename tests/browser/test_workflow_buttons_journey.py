"""The buttons a person sees are the moves they may make, clicked in real Chromium: a manager on an
approved edition sees no 发布实施 (publication is the office's move) and every button and link on
the page works; when the effective date has come the office sees 发布实施 and it puts the edition
in force."""

import datetime as dt

import pytest
from django.utils import timezone

from standards import services
from standards.models import Edition, EditionStatus
from tests.factories import UserFactory
from tests.standards.helpers import approve_through_workflow, make_in_force, revise_text

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved(departments, office_user, manager_user):
    reviewer = UserFactory(username="reviewer", roles=["office"], department=departments["office"])
    standard, _current = make_in_force(office_user, name="窗口服务规范")
    revision = revise_text(office_user, services.edition_revision_start(actor=office_user, standard=standard,
                                                                        reason="条文更新"))
    return approve_through_workflow(revision, office=office_user, reviewer=reviewer, manager=manager_user,
                                    effective_on=timezone.localdate() + dt.timedelta(days=10))


def test_manager_sees_only_what_works_and_the_office_publishes(page, approved, manager_user, office_user):
    assert approved.status == EditionStatus.APPROVED
    login(page, "manager")
    page.goto(f"{page.base_url}/standards/editions/{approved.pk}/")
    actions = page.locator("#edition-actions")
    assert actions.locator('[data-move="edition:publish"]').count() == 0
    assert "发布实施" not in actions.inner_text()
    links = [a.get_attribute("href") for a in actions.locator("a").all()]
    assert links, "the manager's page offers its downloads"
    for href in links:  # every button the manager is shown works
        response = page.request.get(f"{page.base_url}{href}")
        assert response.status == 200, href

    page.context.clear_cookies()
    Edition.objects.filter(pk=approved.pk).update(effective_on=timezone.localdate())
    login(page, "office")
    page.goto(f"{page.base_url}/standards/editions/{approved.pk}/")
    page.click('[data-move="edition:publish"]')
    page.wait_for_selector(".alert-success")
    approved.refresh_from_db()
    assert approved.status == EditionStatus.IN_FORCE
    assert approved.status_changes.filter(to_status="in_force", actor=office_user).exists()
