import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from qms.core.errors import ApplicationError
from standards.imports import ImportRefused, normalize_number, standard_import, standard_import_preview
from standards.models import Edition, EditionStatus, Level, Origin, Plan, Standard, StandardStatus

from .helpers import make_in_force
from .workbooks import OFFICE_ROWS, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def test_office_workbook_with_titles_sections_and_variants_is_read(office_user):
    plan = standard_import_preview(upload=upload(workbook_bytes(OFFICE_ROWS)))
    assert plan.errors == []
    assert plan.counts == {"create": 6, "update": 0, "unchanged": 0, "errors": 0}
    rows = {r.row.name: r.row for r in plan.rows}
    first = rows["政务服务中心运行规范 第1部分：基本要求"]
    assert (first.code, first.number, first.node_code) == ("301-01", "GB/T 32169.1-2015", "301")
    assert first.effective_on == dt.date(2016, 6, 1) and first.level == Level.NATIONAL
    assert first.notes == "起草单位：国家标准化管理委员会"  # an unknown column is kept in the notes
    marriage = rows["婚姻登记机关等级评定规范"]
    assert marriage.node_code == "301" and marriage.effective_on == dt.date(2013, 9, 1)  # node from the section row
    assert rows["政务服务大厅窗口服务规范（试行）"].level == Level.LOCAL  # derived from DB41/T
    assert rows["政务服务大厅窗口服务规范（试行）"].number == "DB41/T 1234-2019"


def test_import_creates_in_force_and_planned_standards_through_the_services(office_user):
    standard_import(actor=office_user, upload=upload(workbook_bytes(OFFICE_ROWS)), filename="明细表.xlsx")
    adopted = Standard.objects.get(code="301-01")
    assert adopted.status == StandardStatus.IN_FORCE and adopted.origin == Origin.ADOPTED
    edition = adopted.editions.get()
    assert edition.status == EditionStatus.IN_FORCE and edition.effective_on == dt.date(2016, 6, 1)
    assert "导入现有体系表" in edition.status_changes.last().note
    assert adopted.history.last().history_change_reason == "导入 明细表.xlsx"
    revising = Standard.objects.get(code="301-02")
    assert revising.status == StandardStatus.IN_FORCE and revising.plan == Plan.TO_REVISE
    planned = Standard.objects.get(code="301-05")
    assert planned.status == StandardStatus.PLANNED and planned.plan == Plan.TO_DRAFT
    assert planned.level == Level.ENTERPRISE and planned.notes == "2026年完成；起草单位：中心办公室"
    assert Standard.objects.get(code="301-06").plan == Plan.TO_ADOPT
    assert Standard.objects.get(name="婚姻登记机关等级评定规范").code == "301-03"  # next free code in 301


def test_reimporting_the_same_file_changes_nothing(office_user):
    data = workbook_bytes(OFFICE_ROWS)
    standard_import(actor=office_user, upload=upload(data), filename="a.xlsx")
    history = Standard.history.count() + Edition.history.count()
    plan = standard_import(actor=office_user, upload=upload(data), filename="a.xlsx")
    assert plan.counts["unchanged"] == 6 and plan.counts["update"] == 0
    assert Standard.history.count() + Edition.history.count() == history


def test_edited_file_updates_what_changed_with_the_file_in_the_reason(office_user):
    standard_import(actor=office_user, upload=upload(workbook_bytes(OFFICE_ROWS)), filename="a.xlsx")
    edited = [list(r) for r in OFFICE_ROWS]
    edited[5][3] = "政务服务中心运行规范 第1部分：基本要求（2024 修订）"
    edited[2][2] = "GB/T 1.1-2025"  # a new edition of 101-01
    edited[2][6] = "GB/T 1.1-2020"
    plan = standard_import_preview(upload=upload(workbook_bytes(edited)))
    changed = {r.row.code: r.changes for r in plan.rows if r.action == "update"}
    assert set(changed) == {"101-01", "301-01"}
    assert any("新版本 GB/T 1.1-2025 代替 GB/T 1.1-2020" in c for c in changed["101-01"])
    standard_import(actor=office_user, upload=upload(workbook_bytes(edited)), filename="b.xlsx")
    renamed = Standard.objects.get(code="301-01")
    assert renamed.name.endswith("（2024 修订）")
    assert renamed.history.first().history_change_reason == "导入 b.xlsx"
    statuses = dict(Standard.objects.get(code="101-01").editions.values_list("number", "status"))
    assert statuses == {"GB/T 1.1-2020": EditionStatus.SUPERSEDED, "GB/T 1.1-2025": EditionStatus.IN_FORCE}


def test_errors_name_row_column_and_reason_and_nothing_is_written(office_user):
    rows = [
        [1, "301-01", "GB/T 32169.1-2015", "政务服务中心运行规范", "国家标准", "2016-06-01", "", "", ""],
        [2, "301-01", "GB/T 32168-2015", "政务服务中心网上服务规范", "国家标准", "", "", "", ""],
        [3, "301-03", "Q/XZFW 301.03-2024", "", "企业标准", "", "", "", ""],
        [4, "399-01", "Q/XZFW 399.01-2024", "不存在的节点", "企业标准", "", "", "", ""],
        [5, "301-05", "Q/XZFW 301.05-2024", "日期有误", "企业标准", "2024-02-30", "", "", ""],
        [6, "301-06", "Q/XZFW 301.06-2024", "级别有误", "部门标准", "", "", "", ""],
    ]
    with pytest.raises(ImportRefused) as refused:
        standard_import(actor=office_user, upload=upload(workbook_bytes(rows)), filename="bad.xlsx")
    messages = [str(e) for e in refused.value.plan.errors]
    assert any("第 6 行" in m and "体系表编号 301-01 与第 5 行重复" in m for m in messages)
    assert any("第 7 行" in m and "“标准名称”列" in m and "缺少标准名称" in m for m in messages)
    assert any("第 8 行" in m and "节点编码 399 在标准体系中不存在" in m for m in messages)
    assert any("第 9 行" in m and "“实施日期”列" in m and "2024-02-30" in m for m in messages)
    assert any("第 10 行" in m and "无法识别级别“部门标准”" in m for m in messages)
    assert Standard.objects.count() == 0


def test_a_refusal_while_applying_rolls_back_every_row(office_user):
    make_in_force(office_user, code="302-01", number="Q/XZFW 302.01-2024", name="首问负责制", node="302")
    # 302-01 in force in the system, but the file (row 2) marks it 待制定: a conflict found in planning.
    rows = [[1, "301-01", "GB/T 32169.1-2015", "运行规范", "国家标准", "", "", "", ""],
            [2, "302-01", "Q/XZFW 302.01-2024", "首问负责制", "企业标准", "", "", "待制定", ""]]
    with pytest.raises(ImportRefused) as refused:
        standard_import(actor=office_user, upload=upload(workbook_bytes(rows)), filename="x.xlsx")
    assert "已有现行版本" in str(refused.value.plan.errors[0])
    assert not Standard.objects.filter(code="301-01").exists()


def test_level_is_taken_from_the_number_prefix_when_the_column_is_empty(office_user):
    numbers = {"GB 2894-2008": Level.NATIONAL, "GB/T 19001-2016": Level.NATIONAL, "DB41/T 1234-2019": Level.LOCAL,
               "T/CAQP 015-2020": Level.GROUP, "Q/XZFW 301.01-2024": Level.ENTERPRISE, "GA/T 594-2006": Level.SECTOR}
    rows = [[i, f"301-{i:02d}", number, f"标准{i}", "", "", "", "", ""] for i, number in enumerate(numbers, 1)]
    plan = standard_import_preview(upload=upload(workbook_bytes(rows)))
    assert {r.row.number: r.row.level for r in plan.rows} == numbers


def test_numbers_are_normalised():
    assert normalize_number("ＧＢ／Ｔ　１９００１－２０１６") == "GB/T 19001-2016"
    assert normalize_number(" gb/t19001 - 2016 ") == "GB/T 19001-2016"
    assert normalize_number("DB41/T1234-2019") == "DB41/T 1234-2019"


def test_header_must_be_found(office_user):
    data = workbook_bytes([[1, "x"]], header=["序号", "事项名称"])
    plan = standard_import_preview(upload=upload(data))
    assert "没有找到明细表的表头" in str(plan.errors[0])


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "已加密"),
    (b"PK\x03\x04 this is not really a zip", "已损坏"),
    ("序号,标准名称\n1,窗口服务规范\n".encode(), "只接受 xlsx"),
    (_zip({"xl/workbook.xml": b"<x/>", "xl/big.xml": b"\0" * 50_000_000}), "压缩炸弹"),
])
def test_hostile_files_are_refused_before_parsing(office_user, data, message):
    with pytest.raises(ApplicationError) as refused:
        standard_import_preview(upload=SimpleUploadedFile("a.xlsx", data))
    assert message in refused.value.message


def test_oversized_and_overlong_workbooks_are_refused(office_user):
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ApplicationError, match="文件过大"):
        standard_import_preview(upload=big)
    rows = [[i, f"301-{i:02d}", "", f"标准{i}", "企业标准", "", "", "待制定", ""] for i in range(1, 5100)]
    with pytest.raises(ApplicationError, match="超过 5000 行"):
        standard_import_preview(upload=upload(workbook_bytes(rows)))


def test_formulas_are_never_evaluated(office_user):
    rows = [[1, "301-01", "", "=1+1", "企业标准", "", "", "待制定", ""]]
    plan = standard_import_preview(upload=upload(workbook_bytes(rows)))
    # openpyxl stores no cached value for the formula and computes none: the name is missing.
    assert "缺少标准名称" in str(plan.errors[0])


def test_import_page_previews_then_imports_on_confirm(client, office_user):
    client.force_login(office_user)
    page = client.post("/standards/import/", {"file": upload(workbook_bytes(OFFICE_ROWS))})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-count="create">新增 6' in html and "确认导入" in html
    assert Standard.objects.count() == 0
    done = client.post("/standards/import/", {"confirm": "1", "token": page.context["token"]}, follow=True)
    assert "新增 6 项" in done.content.decode()
    assert Standard.objects.count() == 6


def test_import_page_shows_every_error_and_no_confirm_button(client, office_user):
    client.force_login(office_user)
    rows = [[1, "301-01", "", "", "企业标准", "", "", "", ""], [2, "399-01", "", "x", "企业标准", "", "", "", ""]]
    html = client.post("/standards/import/", {"file": upload(workbook_bytes(rows))}).content.decode()
    assert "缺少标准名称" in html and "节点编码 399" in html and "确认导入" not in html


def test_import_page_refuses_a_hostile_file_with_a_message(client, office_user):
    client.force_login(office_user)
    html = client.post("/standards/import/", {"file": SimpleUploadedFile("x.xlsx", b"hello")}).content.decode()
    assert "只接受 xlsx" in html


@pytest.mark.parametrize("role", ["auditor", "manager", "head", "staff", "admin"])
def test_import_page_is_for_the_office_only(client, role_users, role):
    client.force_login(role_users[role])
    assert client.get("/standards/import/").status_code == 403
    assert client.post("/standards/import/", {"file": upload(workbook_bytes(OFFICE_ROWS))}).status_code == 403
    with pytest.raises(ApplicationError):
        standard_import(actor=role_users[role], upload=upload(workbook_bytes(OFFICE_ROWS)))


def test_import_command_dry_run_writes_nothing_then_imports(office_user, tmp_path):
    path = tmp_path / "明细表.xlsx"
    path.write_bytes(workbook_bytes(OFFICE_ROWS))
    out = io.StringIO()
    call_command("import_standards", str(path), "--dry-run", stdout=out)
    assert "新增 6" in out.getvalue() and Standard.objects.count() == 0
    call_command("import_standards", str(path), stdout=io.StringIO())
    assert Standard.objects.count() == 6
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook_bytes([[1, "399-01", "", "x", "企业标准", "", "", "", ""]]))
    with pytest.raises(CommandError):
        call_command("import_standards", str(bad), stdout=io.StringIO(), stderr=io.StringIO())


def test_every_upload_leaves_an_import_batch_record(client, office_user, settings):
    import hashlib

    from qms.core.models import ImportBatch

    from ..hostile import media_files

    client.force_login(office_user)
    client.post("/standards/import/", {"file": SimpleUploadedFile("x.xlsx", b"hello")})
    rows = [[1, "301-01", "", "", "企业标准", "", "", "", ""]]
    client.post("/standards/import/", {"file": upload(workbook_bytes(rows))})
    data = workbook_bytes(OFFICE_ROWS)
    page = client.post("/standards/import/", {"file": upload(data)})
    waiting = ImportBatch.objects.get(outcome="waiting")
    assert waiting.plan == {"created": 6, "updated": 0, "unchanged": 0} and len(media_files(settings)) == 1
    client.post("/standards/import/", {"confirm": "1", "token": page.context["token"]})
    batches = list(ImportBatch.objects.order_by("created_at", "pk"))
    assert [b.outcome for b in batches] == ["refused", "refused", "imported"]
    assert "只接受 xlsx" in batches[0].errors[0] and "缺少标准名称" in batches[1].errors[0]
    done = batches[2]
    assert done.sha256 == hashlib.sha256(data).hexdigest() and done.uploaded_by == office_user
    assert done.importer == "standard_import" and done.finished_at and not done.file
    assert media_files(settings) == []
