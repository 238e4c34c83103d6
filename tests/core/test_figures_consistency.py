"""One definition per figure: `manage.py figures --json` is the reference, and the dashboard, the
self-assessment's suggested scores, every dossier document and the management review print the
same values for the same day.

The demo centre is loaded once for this module inside a transaction that is rolled back at the
end (as in tests/demo/test_load_demo.py); each test runs in a savepoint inside it."""

import io
import json
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from docx import Document

from qms.assessment import selectors as assessment_selectors
from qms.core.documents.docx import docx_text
from qms.core.figures import figures_all
from qms.dossier.sections import BuildContext, sections_available
from qms.org.models import User

CJK = "\u4e00-\u9fff"
VALUE = r"(—|\d+(?:\.\d+)?%|\d+(?:\.\d+)? ?项)"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("figures-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def figures_for(day) -> dict[str, dict]:
    out = io.StringIO()
    call_command("figures", "--json", "--as-of", day.isoformat(), stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["as_of"] == day.isoformat()
    return {row["key"]: row for row in payload["figures"]}


def by_label(figures: dict) -> dict[str, dict]:
    return {row["label"]: row for row in figures.values()}


def same(printed: str, row: dict) -> bool:
    """A printed value equals the command's: rates as printed text, counts by their number."""
    printed = printed.replace(" ", "")
    if row["unit"] == "%":
        return printed == row["text"]
    return printed.removesuffix(row["unit"]) == (f"{row['value']:g}" if row["value"] is not None else "—")


def inline_figures(text: str, labels) -> list[tuple[str, str]]:
    """(label, value) wherever a label (not inside a longer word) is followed by its value."""
    found = []
    for label in labels:
        pattern = rf"(?<![{CJK}]){re.escape(label)}[ \t：:]*{VALUE}"
        found += [(label, m.group(1)) for m in re.finditer(pattern, text)]
    return found


def docx_tables(data: bytes) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for table in Document(io.BytesIO(data)).tables
            for row in table.rows]


def docx_paragraphs(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def assert_table_rows(rows, figures) -> int:
    labels, checked = by_label(figures), 0
    for row in rows:
        if len(row) > 1 and row[0] in labels:
            assert same(row[1], labels[row[0]]), (row, labels[row[0]]["text"])
            checked += 1
    return checked


def assert_inline(text, figures) -> int:
    labels = by_label(figures)
    found = inline_figures(text, labels)
    for label, printed in found:
        assert same(printed, labels[label]), (label, printed, labels[label]["text"])
    return len(found)


@pytest.fixture
def today(demo):
    return timezone.localdate()


@pytest.mark.django_db
def test_the_command_prints_every_registered_figure_with_its_definition(today):
    figures = figures_for(today)
    assert set(figures) == {f.key for f in figures_all()}
    for row in figures.values():
        assert row["label"] and row["definition"], row["key"]
        assert set(row) >= {"key", "label", "value", "numerator", "denominator", "target", "definition"}
    out = io.StringIO()
    call_command("figures", "--as-of", today.isoformat(), stdout=out)
    assert "纠正措施按期完成率" in out.getvalue() and "满意率" in out.getvalue()


@pytest.mark.django_db
def test_demo_figures_read_as_a_real_centres(today):
    from standards.models import Origin
    from standards.selectors import reviews_due

    figures = figures_for(today)
    if figures["overdue_ca"]["value"]:
        assert figures["ca_closed_on_time"]["value"] < 100
    assert all(row.standard.origin == Origin.IN_HOUSE for row in reviews_due(today=today))
    assert figures["reviews_due"]["value"] == len(reviews_due(today=today))
    # 满意率 of the surveys comes from their satisfaction-scale questions only: the demo's yes/no
    # question (吃拿卡要, answered 否 by nearly everyone) would pull it down to about 78 %.
    assert figures["survey_satisfaction_rate"]["value"] > 90
    for key in ("implementation_rate", "check_coverage", "training_rate", "coverage", "satisfaction_rate"):
        assert 80 <= figures[key]["value"] <= 100, (key, figures[key]["value"])


@pytest.mark.django_db
def test_the_dashboard_prints_the_commands_values(client, today):
    figures = figures_for(today)
    client.force_login(User.objects.get(username="manager"))
    html = client.get("/dashboard/").content.decode()
    printed = dict(re.findall(r'data-figure="(\w+)"[^>]*>([^<]+)<', html))
    assert {"coverage", "implementation_rate", "training_rate", "overdue_ca", "ca_closed_on_time",
            "reviews_due"} <= set(printed)
    for key, text in printed.items():
        assert same(text.strip(), figures[key]), (key, text, figures[key]["text"])


@pytest.mark.django_db
def test_suggested_scores_use_the_commands_values(today):
    from qms.assessment.selectors import assessment_latest, assessment_rows

    figures = figures_for(today)
    suggestions = [r.suggestion.explanation for s in assessment_rows(assessment_latest()) for r in s.items
                   if r.suggestion]
    assert suggestions
    assert assert_inline("\n".join(suggestions), figures) >= 1


def _documents(day):
    assessment = assessment_selectors.assessment_latest()
    context = BuildContext(as_of=day, assessment=assessment,
                           documents=assessment_selectors.documents_context(assessment, as_of=day))
    files = {}
    for section, build in sections_available(has_assessment=assessment is not None):
        if section.key != "standards_book":  # every in-house standard's full text: no figures in it
            files.update(build(context))
    return files


@pytest.mark.django_db
def test_every_dossier_document_prints_the_commands_values(today):
    figures = figures_for(today)
    files = _documents(today)
    checked = 0
    for name in ("确认申请表.docx", "自评报告.docx", "工作总结.docx"):
        checked += assert_table_rows(docx_tables(files[name]), figures)
        checked += assert_inline(docx_text(files[name]), figures)
    assert checked >= 20
    summary = docx_paragraphs(files["服务评价与改进汇总.docx"])
    assert assert_inline(summary, figures) >= 1  # the twelve months' 满意率
    sheet = openpyxl.load_workbook(io.BytesIO(files["培训记录.xlsx"]), read_only=True).worksheets[0]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[1] and str(r[1]).endswith("年参训率"))
    assert total[-1] == figures["training_rate"]["text"]


@pytest.mark.django_db
def test_the_management_review_prints_the_commands_values_for_its_period_end(today):
    from audits.evaluation.models import ManagementReview

    files = _documents(today)
    review = ManagementReview.objects.filter(planned_on__lte=today).order_by("-planned_on", "-id").first()
    name = f"管理评审报告-{review.number}.docx"
    figures = figures_for(review.period_end)
    rows = docx_tables(files[name])
    assert assert_table_rows(rows, figures) >= 8
    audits_lines = [line for line in docx_paragraphs(files[name]).splitlines() if "纠正措施" in line]
    assert assert_inline("\n".join(audits_lines), figures) >= 1
