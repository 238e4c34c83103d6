"""The dossier: every expected file present, the standards book (one section per in-force
in-house standard, in table order), escaping, stable output, failures and re-runs, concurrent
requests, the command, and LibreOffice opening every file."""

import io
import zipfile

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from qms.core.models import GeneratedFile
from qms.core.workflow import events_for
from qms.dossier import services
from qms.dossier.models import Dossier

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of
from .helpers import BOOK, centre, job_bytes, zip_members

pytestmark = pytest.mark.django_db
EXPECTED = ["00_目录.docx", "01_确认申请表.docx", "02_自评报告.docx", "03_自评计分表.xlsx", "04_标准体系表.xlsx",
            "05_标准体系表.docx", "06_标准汇编.docx", "07_不符合项及纠正措施台账.xlsx", "08_培训记录.xlsx",
            "09_学习确认记录.xlsx", "10_服务评价与改进汇总.docx", "11_工作总结.docx"]  # no review held: no review report
BOOK_FILE = "06_标准汇编.docx"


def build(actor, **kwargs):
    dossier = services.dossier_request(actor=actor, queue=False, **kwargs)
    job = services.dossier_build(dossier_id=dossier.pk)
    assert job.status == GeneratedFile.Status.DONE, job.error
    return dossier, zip_members(job_bytes(dossier))


def test_dossier_holds_every_expected_file(office_user, manager_user):
    centre(office_user, manager_user)
    dossier, files = build(manager_user)
    assert list(files) == EXPECTED
    dossier.refresh_from_db()
    assert dossier.status == "done" and dossier.job.progress == 100
    assert dossier.snapshot["book_count"] == 4 and len(dossier.snapshot["digest"]) == 64
    index = docx_all_text(files["00_目录.docx"])
    for name in EXPECTED[1:]:
        assert name in index


def test_standards_book_has_one_section_per_in_force_in_house_standard_in_table_order(office_user, manager_user):
    centre(office_user, manager_user)
    _dossier, files = build(manager_user)
    book = Document(io.BytesIO(files[BOOK_FILE]))
    headings = [p for p in book.paragraphs if p.style.name == "Heading 1"]
    assert [h.text for h in headings] == [name for _code, _number, name in BOOK]  # each standard's cover title
    headers = [section.header.paragraphs[-1].text for section in book.sections]  # [0] is the 草稿 mark
    assert headers[1:] == [number for _code, number, _name in BOOK]  # the number heads each standard's pages
    text = "\n".join(p.text for p in book.paragraphs)
    assert text.count("企业标准") == len(BOOK) and "2 要求 & 条件 <一>" in text
    bodies = [p for p in book.paragraphs if p.text.startswith("本标准规定了")]
    assert bodies and not any(run.bold for p in bodies for run in p.runs)  # clause bodies in regular weight
    assert "质量管理体系 要求" not in text  # adopted standards are not in the book
    assert "旧规范" not in text and "投诉处理规范" not in text
    assert "本标准规定了窗口服务规范的要求。" in text and "2 要求 & 条件 <一>" in text
    assert "标 准 汇 编" in text and "示例县政务服务中心 <试点> & 示范" in text
    xml = book.element.xml
    assert "TOC \\o" in xml
    footer_xml = book.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml


def test_fixed_documents_keep_angle_brackets_and_ampersands(office_user, manager_user):
    centre(office_user, manager_user)
    _dossier, files = build(manager_user)
    for name in ("01_确认申请表.docx", "02_自评报告.docx", "11_工作总结.docx", "00_目录.docx"):
        assert "示例县政务服务中心 <试点> & 示范" in docx_all_text(files[name]), name
    form = docx_all_text(files["01_确认申请表.docx"])
    assert "人民路 1 号" in form and "现行标准 5 项（自制 4 项，采用 1 项）" in form


def test_scoring_sheet_in_the_dossier_carries_scores_and_totals(office_user, manager_user):
    centre(office_user, manager_user)
    _dossier, files = build(manager_user)
    ws = load_workbook(io.BytesIO(files["03_自评计分表.xlsx"])).active
    rows = {row[0].value: row for row in ws.iter_rows(min_row=4) if row[0].value}
    assert rows["1.1"][1].value == "领导机构与工作机构健全" and rows["1.1"][5].value == 3
    assert rows["总分"][5].value == 57 and rows["合格线"][5].value == 80
    assert rows["自评结论"][5].value == "不合格"


def test_same_data_gives_the_same_documents(office_user, manager_user):
    centre(office_user, manager_user)
    first, files_a = build(manager_user)
    second, files_b = build(manager_user)
    assert first.job.file.name != second.job.file.name  # each request writes its own file
    assert files_a == files_b
    assert first.snapshot["digest"] == second.snapshot["digest"]


def test_two_requests_at_once_do_not_share_a_job_or_a_file(office_user, manager_user):
    centre(office_user, manager_user)
    one = services.dossier_request(actor=manager_user, queue=False)
    two = services.dossier_request(actor=office_user, queue=False)
    assert one.job_id != two.job_id
    services.dossier_build(dossier_id=two.pk)
    services.dossier_build(dossier_id=one.pk)
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.job.file.name != two.job.file.name and one.status == two.status == "done"
    assert list(zip_members(job_bytes(one))) == EXPECTED


def test_failure_keeps_the_error_never_shows_done_and_can_be_rerun(client, office_user, manager_user, monkeypatch,
                                                                  caplog):
    centre(office_user, manager_user)
    from qms.dossier import sections

    def broken(context):
        raise RuntimeError("模板文件损坏")

    monkeypatch.setattr(sections, "work_summary", broken)
    dossier = services.dossier_request(actor=manager_user, queue=False)
    job = services.dossier_build(dossier_id=dossier.pk)
    reference = str(job.pk)[:8]
    assert job.status == "failed" and f"参考号 {reference}" in job.error and not job.file
    assert "Traceback" not in job.error and "模板文件损坏" not in job.error  # the log has it, the user not
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and "模板文件损坏" in str(logged[0].exc_info[1])
    client.force_login(manager_user)
    page = client.get(f"/dossiers/{dossier.pk}/").content.decode()
    assert reference in page and "Traceback" not in page and "jobs.py" not in page
    assert 'data-move="dossier:rerun"' in page  # the declared move, offered once the build failed
    dossier.refresh_from_db()
    assert dossier.status == "failed"
    assert [e.move for e in events_for([dossier])] == ["", "start", "fail"]  # requested, started, failed
    monkeypatch.undo()
    rerun = services.dossier_rerun(actor=manager_user, dossier=dossier, queue=False)
    assert rerun.job_id != job.pk and rerun.runs == 2
    assert services.dossier_build(dossier_id=dossier.pk).status == "done"
    assert GeneratedFile.objects.get(pk=job.pk).status == "failed"  # the failed run stays on record


def test_rerun_refused_while_running(office_user, manager_user):
    dossier = services.dossier_request(actor=manager_user, queue=False)
    with pytest.raises(Exception, match="正在生成中"):
        services.dossier_rerun(actor=manager_user, dossier=dossier, queue=False)


def test_dossier_without_any_assessment_leaves_the_assessment_files_out(office_user, manager_user):
    dossier, files = build(manager_user)
    assert [name for name in files if "自评" in name] == []
    assert "02_标准体系表.xlsx" in files and files and list(files)[-1].endswith("_工作总结.docx")
    assert dossier.assessment is None


def test_staff_cannot_request_a_dossier(staff_user):
    with pytest.raises(Exception, match="只有标准化办公室和管理层"):
        services.dossier_request(actor=staff_user, queue=False)


def test_build_dossier_command_writes_the_zip(office_user, manager_user, tmp_path):
    assessment = centre(office_user, manager_user)
    out = tmp_path / "dossier.zip"
    call_command("build_dossier", "--out", str(out), "--assessment", str(assessment.pk), "--draft")
    assert list(zipfile.ZipFile(out).namelist()) == EXPECTED
    assert Dossier.objects.get().requested_by is None


def test_progress_is_reported_step_by_step(office_user, manager_user):
    centre(office_user, manager_user)
    dossier = services.dossier_request(actor=manager_user, queue=False)
    steps = []
    services.build_zip(dossier, lambda percent, step: steps.append((percent, step)))
    percents = [p for p, _s in steps]
    assert percents == sorted(percents) and percents[-1] >= 90
    assert any("标准汇编" in s for _p, s in steps) and any("打包" in s for _p, s in steps)


@needs_libreoffice
def test_every_file_in_the_zip_converts_to_pdf(office_user, manager_user, tmp_path):
    centre(office_user, manager_user)
    _dossier, files = build(manager_user)
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert pdf_pages_of(path) >= 1, name
    book_pages = pdf_pages_of(tmp_path / BOOK_FILE)
    assert book_pages >= 1 + 1 + len(BOOK)  # cover, contents, a page per standard


def test_book_paragraphs_strip_characters_word_cannot_store():
    from qms.dossier.book import standards_book_docx

    data = standards_book_docx({"org": "中心", "date": "2026年1月1日", "standards": [
        {"code": "301-01", "number": "Q/X 1", "name": "甲", "node": "301 服务规范", "effective_on": "",
         "paragraphs": ["控制\x07字符", "正文"]}]})
    text = docx_all_text(data)
    assert "控制字符" in text
    assert len(Document(io.BytesIO(data)).sections) == 2  # the book's front matter, then the standard


def test_book_draws_each_cover_from_the_edition_and_keeps_titles_apart_from_clauses():
    from qms.dossier.book import body_lines, is_title, standards_book_docx

    paragraphs = ["Q/XZFW", "某中心企业标准", "Q/XZFW 101.17-2025", "标准化工作管理办法", "2025-09-21 发布", "前言",
                  "本文件按照GB/T 1.1—2020的规定起草。", "标准化工作管理办法", "1 范围", "本文件规定了要求。",
                  "4.1 中心成立标准化工作领导小组，负责审定规划。"]
    assert body_lines(paragraphs)[0] == "前言"
    assert is_title("4 组织与职责") and is_title("3.1 标准化专员") and is_title("附录 A 表格")
    assert not is_title("4.1 中心成立标准化工作领导小组，负责审定规划。")
    data = standards_book_docx({"org": "某中心", "date": "2026年12月1日", "prefix": "Q/XZFW", "standards": [
        {"code": "101-17", "number": "Q/XZFW 101.17-2025", "name": "标准化工作管理办法", "node": "101",
         "published_on": "2025-09-21", "effective_on": "2025-10-15", "replaces": "Q/XZFW 101.17-2022",
         "paragraphs": paragraphs}]}, pages=[3])
    book = Document(io.BytesIO(data))
    texts = [p.text for p in book.paragraphs]
    assert "Q/XZFW 101.17-2025  标准化工作管理办法\t3" in texts  # the 目录 line with its page
    assert "代替 Q/XZFW 101.17-2022" in texts and "2025-09-21 发布        2025-10-15 实施" in texts
    assert texts.count("某中心企业标准") == 1  # the text's own cover lines are not repeated
    clause = next(p for p in book.paragraphs if p.text.startswith("4.1 "))
    assert not any(run.bold for run in clause.runs)


def test_completed_audit_report_register_and_records_are_in_the_dossier(office_user, manager_user, auditor_user,
                                                                        departments):
    from ..dossier.helpers import completed_audit

    centre(office_user, manager_user)
    audit = completed_audit(auditor_user, departments["market"])
    _dossier, files = build(manager_user)
    report = f"内审报告-{audit.number}.docx"
    names = [name.split("_", 1)[1] for name in files]
    assert names.index(report) == names.index("标准汇编.docx") + 1
    assert audit.number in docx_all_text(files[next(n for n in files if n.endswith(report))])
    register = load_workbook(io.BytesIO(files[next(n for n in files if n.endswith("台账.xlsx"))])).active
    assert "一次性告知单未签字" in [c.value for row in register.iter_rows() for c in row]
    assert report in docx_all_text(files["00_目录.docx"])


def test_training_records_count_expected_and_attended(office_user, head_user, staff_user):
    import datetime as dt

    from qms.dossier.records import training_context, training_records_xlsx
    from standards.models import TrainingSession

    from ..standards.helpers import make_in_force

    _standard, edition = make_in_force(office_user, code="301-01")
    session = TrainingSession.objects.create(title="窗口服务规范宣贯", held_on=dt.date(2026, 3, 1), trainer="王老师",
                                             created_by=office_user)
    session.editions.set([edition])
    session.expected.set([head_user, staff_user])
    session.attendees.set([head_user])
    context = training_context(organisation="中心", as_of=dt.date(2026, 6, 1))
    ws = load_workbook(io.BytesIO(training_records_xlsx(context))).active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert values[0][1:] == ["2026年3月1日", "窗口服务规范宣贯", "Q/XZFW 301.01-2024", "王老师", None, 2, 1, "50.0%"]
    assert values[1][1] == "2026年参训率" and values[1][-1] == "50.0%"  # the year's 参训率, as the figure


def test_a_dossier_left_running_by_a_dead_worker_can_be_rerun(office_user, manager_user, settings):
    import datetime as dt

    from django.utils import timezone

    dossier = services.dossier_request(actor=manager_user, queue=False)
    silent = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    GeneratedFile.objects.filter(pk=dossier.job_id).update(status="running", started_at=silent, heartbeat_at=silent)
    rerun = services.dossier_rerun(actor=manager_user, dossier=dossier, queue=False)
    assert rerun.runs == 2 and GeneratedFile.objects.get(pk=dossier.job_id).status == "failed"
