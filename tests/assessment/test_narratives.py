"""The narratives, section by section: drafts composed from the records (figures with numerator
and denominator from the registry), saves with history, the section page, and the freeze."""

import pytest

from qms.assessment import services
from qms.assessment.models import Assessment
from qms.assessment.narratives import NARRATIVES, is_unfinished, results, system
from qms.core.errors import ApplicationError
from qms.core.figures import FigureValue

from ..standards.helpers import make_in_force
from .helpers import example_assessment, fill_all, known_figure

pytestmark = pytest.mark.django_db


def records(**figures):
    base = {"org": {"name": "中心", "pilot_project": "", "pilot_period": "—", "project_lead": ""}, "year": 2026,
            "departments": 2, "staff": 5, "figures": figures,
            "standards": {"in_force": 3, "in_house": 2, "adopted": 1, "planned": 1, "drafted": 2,
                          "systems": [("服务通用基础标准体系", 1), ("服务保障标准体系", 2)]},
            "items": {"total": 4, "covered": 3}, "score": {"total": "85", "pass_line": "80", "passed": True, "gaps": []}}
    return base


def figure(label, text, numerator, denominator, target="90.0%", met=True):
    return {"label": label, "text": text, "target": target, "met": met, "unit": "%", "measured": True,
            "numerator": numerator, "denominator": denominator}


def test_composers_cite_figures_with_numerator_and_denominator():
    found = records(coverage=figure("标准覆盖率", "96.0%", 240, 250),
                    system_completeness=figure("体系完整性", "100.0%", 20, 20, target="100.0%"))
    text = system(found)
    assert "现行标准 3 项（服务通用基础标准体系 1 项、服务保障标准体系 2 项）" in text
    assert "体系完整性 100.0%（20/20）" in text and "标准覆盖率 96.0%（240/250）" in text
    assert "标准覆盖率 96.0%（240/250），目标 90.0%，达到目标。" in results(found)
    assert "达到合格线" in results(found)


def test_drafting_a_section_uses_the_records_and_keeps_history(office_user, manager_user, monkeypatch):
    make_in_force(office_user, code="301-01", number="Q/XZFW 301.01-2024", name="窗口服务规范")
    known_figure(monkeypatch, "training_rate", "参训率", 97.5, target=95.0)
    _template, assessment = example_assessment(manager_user)
    services.narrative_save(actor=manager_user, assessment=assessment, key="summary_system", text="旧的文字")
    services.narrative_draft(actor=manager_user, assessment=assessment, key="summary_system")
    services.narrative_draft(actor=manager_user, assessment=assessment, key="summary_implementation")
    assessment.refresh_from_db()
    assert "现行标准 1 项" in assessment.summary_system and "自制标准 1 项" in assessment.summary_system
    assert "参训率 97.5%" in assessment.summary_implementation
    reasons = list(assessment.history.values_list("history_change_reason", flat=True))
    assert "依据记录起草：二（二）构建标准体系" in reasons and "编辑：二（二）构建标准体系" in reasons


def test_drafting_unfinished_sections_leaves_written_ones_alone(manager_user):
    _template, assessment = example_assessment(manager_user)
    services.narrative_save(actor=manager_user, assessment=assessment, key="overview", text="本中心自己写的概况。")
    services.narrative_save(actor=manager_user, assessment=assessment, key="results", text="【请补充成效】")
    titles = services.narrative_draft_unfinished(actor=manager_user, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.overview == "本中心自己写的概况。"
    assert "三、取得成效" in titles and "一、基本情况" not in titles and len(titles) == len(NARRATIVES) - 1
    assert not any(is_unfinished(getattr(assessment, s.key)) for s in NARRATIVES)


def test_submitted_assessment_narratives_are_frozen(manager_user):
    _template, assessment = example_assessment(manager_user)
    fill_all(manager_user, assessment)
    services.assessment_submit(actor=manager_user, assessment=assessment)
    with pytest.raises(ApplicationError, match="已提交"):
        services.narrative_save(actor=manager_user, assessment=assessment, key="overview", text="改")
    with pytest.raises(ApplicationError, match="已提交"):
        services.narrative_draft(actor=manager_user, assessment=assessment, key="overview")
    assert Assessment.objects.get(pk=assessment.pk).overview == ""


def test_section_page_shows_text_draft_and_history(client, manager_user, auditor_user, monkeypatch):
    known_figure(monkeypatch, "coverage", "标准覆盖率", 92.0, target=90.0)
    monkeypatch.setattr("qms.assessment.narrative_records.figure_rows", _rows_with_ratio)
    _template, assessment = example_assessment(manager_user)
    client.force_login(manager_user)
    url = f"/assessments/{assessment.pk}/report/summary_system/"
    response = client.post(url, {"text": "第一稿"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "第一稿" in page and "编辑：二（二）构建标准体系" in page and "标准覆盖率 92.0%（23/25）" in page
    client.post(f"{url}draft/")
    assessment.refresh_from_db()
    assert "标准覆盖率 92.0%（23/25）" in assessment.summary_system
    listing = client.get(f"/assessments/{assessment.pk}/report/").content.decode()
    assert "未完成" in listing and "已编写" in listing
    client.force_login(auditor_user)
    assert client.post(url, {"text": "审核员改"}).status_code == 302
    assessment.refresh_from_db()
    assert "审核员改" not in assessment.summary_system
    assert client.get(f"/assessments/{assessment.pk}/report/nonsense/").status_code == 404


def _rows_with_ratio(*, as_of=None):
    from qms.assessment.selectors import FigureRow

    value = FigureValue(value=92.0, numerator=23, denominator=25)
    return [FigureRow(key="coverage", label="标准覆盖率", unit="%", definition="", target=90.0, value=value)]


def test_work_summary_lists_the_improvement_register_with_figures_before_and_after(office_user, manager_user,
                                                                                     head_user, departments):
    import datetime as dt
    from decimal import Decimal

    from audits.services import improvement_complete, improvement_create

    common = {"owner": head_user, "department": departments["market"], "started_on": dt.date(2026, 3, 2),
              "due_on": dt.date(2026, 6, 30), "problem": "问题", "measures": "措施"}
    done = improvement_create(actor=office_user, title="缩短企业开办时间", source="review",
                              figure_key="satisfaction_rate", value_before=Decimal("96.50"), **common)
    improvement_complete(actor=office_user, improvement=done, result="达到目标", completed_on=dt.date(2026, 5, 8),
                         value_after=Decimal("99.20"))
    improvement_create(actor=office_user, title="完善叫号系统", source="suggestion", **common)
    _template, assessment = example_assessment(manager_user)
    services.narrative_draft(actor=manager_user, assessment=assessment, key="summary_improvement")
    assessment.refresh_from_db()
    text = assessment.summary_improvement
    assert "2026 年登记持续改进 2 项，已完成 1 项，实施中 1 项" in text
    assert "CI-2026-01 缩短企业开办时间（已完成，满意率由 96.5% 到 99.2%）" in text
    assert "CI-2026-02 完善叫号系统（实施中）" in text
