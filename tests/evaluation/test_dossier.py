"""The dossier's evaluation sections read back."""

import datetime as dt
from types import SimpleNamespace

import pytest

from audits.evaluation import dossier
from audits.evaluation.services import reviews as review_svc
from audits.evaluation.services.surveys import survey_create

from ..docs import docx_all_text
from .helpers import add_ratings

pytestmark = pytest.mark.django_db


def test_service_evaluation_section(office_user, departments):
    add_ratings(departments["market"], dt.date(2025, 5, 6), satisfied=49, dissatisfied=1)
    survey_create(actor=office_user, title="企业评议", starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 31),
                  questions=[("服务态度", "five")])
    [(name, data)] = dossier.service_evaluation(SimpleNamespace(as_of=dt.date(2025, 6, 30)))
    text = docx_all_text(data)
    assert name == "服务评价与改进汇总.docx"
    assert "满意率 98.00%" in text and "2025-05" in text and "企业评议（回收 0 份）" in text
    assert "受理投诉 0 件" in text and "期间内无已通报的窗口考评" in text


def test_management_review_section_takes_the_latest_review_before_the_date(manager_user):
    assert dossier.management_review(SimpleNamespace(as_of=dt.date(2025, 6, 30))) == []
    review_svc.review_create(actor=manager_user, title="2024年度管理评审", period_start=dt.date(2024, 1, 1),
                             period_end=dt.date(2024, 12, 31), planned_on=dt.date(2025, 1, 10))
    review_svc.review_create(actor=manager_user, title="2025年度管理评审", period_start=dt.date(2025, 1, 1),
                             period_end=dt.date(2025, 12, 31), planned_on=dt.date(2026, 1, 10))
    [(name, data)] = dossier.management_review(SimpleNamespace(as_of=dt.date(2025, 6, 30)))
    assert name == "管理评审报告-MR-2025-01.docx" and "2024年度管理评审" in docx_all_text(data)
