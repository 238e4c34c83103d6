"""A manager scores two items, sees the total and the gap list change, starts the dossier,
watches the progress bar finish and downloads the zip: real Chromium."""

import io
import zipfile
from pathlib import Path

import pytest

from qms.assessment.models import Score

from ..assessment.helpers import example_assessment, item
from ..standards.helpers import make_in_force
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_scores_then_builds_and_downloads_the_dossier(page, office_user, manager_user, settings):
    settings.DOSSIER_BOUND_PDF = False  # the bound PDF (LibreOffice) is tested in tests/dossier/test_bound.py
    make_in_force(office_user, code="301-01", number="Q/XZFW 301.01-2024", name="窗口服务规范")
    template, assessment = example_assessment(manager_user)
    first, second = item(template, "领导机构"), item(template, "经费与制度")

    login(page, "manager")
    assert "我的待办" in page.content()
    page.goto(f"{page.base_url}/assessments/{assessment.pk}/")
    gaps_before = int(page.inner_text("#gap-count"))
    assert page.inner_text("#summary-total") == "0"

    page.fill(f"#item-{first.pk} input[name=points]", "3.5")
    page.press(f"#item-{first.pk} input[name=points]", "Tab")
    page.wait_for_function("document.querySelector('#summary-total').innerText === '3.5'")
    page.fill(f"#item-{second.pk} input[name=points]", "3")
    page.press(f"#item-{second.pk} input[name=points]", "Tab")
    page.wait_for_function("document.querySelector('#summary-total').innerText === '6.5'")
    assert int(page.inner_text("#gap-count")) == gaps_before - 1  # 经费与制度 reached its maximum
    assert page.locator(f"#gap-list li[data-code='{second.code}']").count() == 0
    assert "差 0.5 分" in page.inner_text(f"#gap-list li[data-code='{first.code}']")
    assert Score.objects.get(assessment=assessment, item=first).points == 3.5

    page.click("text=申请材料汇编")
    page.check("input[name=kind][value=draft]")  # the self-assessment is still a draft: a draft dossier
    page.click("#dossier-build")
    page.wait_for_selector(".job-progress[data-status=done]", timeout=60_000)
    assert page.inner_text(".progress-bar") == "100%"
    with page.expect_download() as download_info:
        page.click(".job-download")
    data = Path(download_info.value.path()).read_bytes()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "03_自评计分表.xlsx" in names and any(n.endswith("_标准汇编.docx") for n in names)
