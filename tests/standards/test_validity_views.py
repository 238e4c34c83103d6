import datetime as dt

import pytest
from django.urls import reverse

from standards.models import AdoptedStatus, EditionStatus, ExternalState, StandardStatus, ValidityConfirmation

from ..conftest import client_for
from .test_validity import PLATFORM_ROWS, status_list
from .test_validity import held as held  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _import(client):
    response = client.post(reverse("standard-status-import"), {"file": status_list(PLATFORM_ROWS)})
    assert response.status_code == 200
    token = response.context["token"]
    return client.post(reverse("standard-status-import"), {"confirm": "1", "token": token}, follow=True)


def test_web_import_previews_then_writes_and_the_overview_lists_the_flags(office_client, held):  # noqa: F811
    response = office_client.post(reverse("standard-status-import"), {"file": status_list(PLATFORM_ROWS)})
    assert "被代替或废止 3" in response.content.decode()
    assert AdoptedStatus.objects.count() == 0
    response = _import(office_client)
    page = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("validity-overview")
    assert "已于 2023-03-17 废止，由 GB/T 24421.2-2023 代替" in page
    assert page.count('class="list-group-item d-flex flex-wrap gap-2 align-items-center flagged-row"') == 3
    assert ValidityConfirmation.objects.count() == 1


def test_standard_page_dashboard_and_dossier_show_the_flag(office_client, held):  # noqa: F811
    _import(office_client)
    page = office_client.get(reverse("standard-detail", args=[held["2"].pk])).content.decode()
    assert 'id="validity-flag"' in page and "采用 GB/T 24421.2-2023" in page
    current = office_client.get(reverse("standard-detail", args=[held["1.1"].pk])).content.decode()
    assert 'id="validity-flag"' not in current and "现行" in current
    dashboard = office_client.get(reverse("dashboard")).content.decode()
    assert 'id="validity-flagged">3</a>' in dashboard
    dossier = office_client.get(reverse("dossier-list")).content.decode()
    assert 'id="preflight-validity"' in dossier and "GB 2894-2008" in dossier


def test_adopt_replacement_and_withdraw_through_the_web(office_client, held):  # noqa: F811
    _import(office_client)
    url = reverse("adopt-replacement", args=[held["2"].pk])
    form = office_client.get(url)
    assert form.context["form"].initial["number"] == "GB/T 24421.2-2023"
    office_client.post(url, {"number": "GB/T 24421.2-2023", "name": "服务业组织标准化工作指南 第2部分：标准体系构建",
                             "effective_on": "2023-03-17"})
    standard = held["2"].__class__.objects.get(pk=held["2"].pk)
    assert standard.number == "GB/T 24421.2-2023" and standard.name.endswith("标准体系构建")
    assert standard.editions.get(number="GB/T 24421.2-2009").status == EditionStatus.SUPERSEDED
    refused = office_client.post(reverse("adopted-withdraw", args=[held["2894"].pk]), {"reason": ""})
    assert refused.status_code == 200 and held["2894"].__class__.objects.get(pk=held["2894"].pk).status == "in_force"
    office_client.post(reverse("adopted-withdraw", args=[held["2894"].pk]), {"reason": "已废止，无代替标准"})
    assert held["2894"].__class__.objects.get(pk=held["2894"].pk).status == StandardStatus.WITHDRAWN


def test_only_the_office_may_import_or_act(client, manager_user, staff_user, held):  # noqa: F811
    for user in (manager_user, staff_user):
        c = client_for(client, user)
        assert c.get(reverse("standard-status-import")).status_code == 403
        assert c.get(reverse("adopt-replacement", args=[held["2"].pk])).status_code == 403
        assert c.get(reverse("validity-confirm")).status_code == 403
        assert c.get(reverse("validity-overview")).status_code == 200


def test_confirmation_form_records_outcomes_per_standard(office_client, held):  # noqa: F811
    data = {"confirmed_on": dt.date.today().isoformat(), "source": "平台逐项查询", "notes": ""}
    for standard in held.values():
        data[f"state_{standard.pk}"] = ExternalState.CURRENT
    data[f"state_{held['3'].pk}"] = ExternalState.REPLACED
    data[f"replaced_by_{held['3'].pk}"] = "GB/T 24421.3-2023"
    data[f"state_{held['2894'].pk}"] = ""  # not confirmed this time
    response = office_client.post(reverse("validity-confirm"), data, follow=True)
    assert response.status_code == 200
    confirmation = ValidityConfirmation.objects.get()
    assert confirmation.findings.count() == 3
    assert AdoptedStatus.objects.get(standard=held["3"]).replaced_by == "GB/T 24421.3-2023"
    assert "12 个月内未确认有效性" in response.content.decode()
