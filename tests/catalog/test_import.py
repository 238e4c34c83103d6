import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from qms.core.errors import PermissionRefused
from qms.org.models import Department
from standards.catalog import services
from standards.catalog.models import CaseKind, ItemType, MaterialForm, Post, ServiceItem
from standards.catalog.services.importing import ImportRefused

from .helpers import make_item

pytestmark = pytest.mark.django_db

HEADER = ["序号", "实施部门", "项目名称", "权力类型", "法律依据", "受理条件", "申报材料", "办理程序",
          "法定办结时限", "承诺办结时限", "办件类型", "收费项目及标准", "收费依据", "咨询方式", "监督电话"]
LICENCE = [1, "市场监督管理局", "食品经营许可", "行政许可",
           "1.《中华人民共和国食品安全法》第三十五条\n2.《食品经营许可管理办法》第十条",
           "有与经营的食品品种相适应的经营场所", "1.食品经营许可申请书；2.营业执照（复印件，1份，申请人自备）",
           "受理（综合受理岗，1个工作日）→审查（审核岗，５个工作日）→决定（首席代表，2个工作日）",
           "２０个工作日", "8个工作日", "承诺件", "不收费", "", "0371-1234567", "12345"]
IMMEDIATE = [2, "税务局窗口", "增值税发票代开", "公共服务", "", "", "身份证（原件）;合同（复印件）", "受理并办结",
             "", "即办", "即办件", "免费", "", "0371-7654321", "12366"]


def workbook(rows, header=HEADER, title_rows=3, sheets=None) -> SimpleUploadedFile:
    book = Workbook()
    book.remove(book.active)
    for name, sheet_rows in (sheets or {"事项清单": rows}).items():
        ws = book.create_sheet(name)
        for n in range(title_rows):
            ws.append([f"示例县政务服务事项目录（第{n + 1}行说明）"])
        ws.append(header)
        for row in sheet_rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("items.xlsx", buffer.getvalue())


def run(actor, upload, **kw):
    return services.items_import(actor=actor, upload=upload, **kw)


def test_dry_run_previews_and_writes_nothing(office_user, departments):
    report = run(office_user, workbook([LICENCE, IMMEDIATE]), dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert not ServiceItem.objects.exists()


def test_import_reads_variant_headers_lists_and_limits(office_user, departments):
    report = run(office_user, workbook([LICENCE, IMMEDIATE]))
    assert report.created == 2
    licence = ServiceItem.objects.get(name="食品经营许可")
    assert licence.department == departments["market"]  # 市场监督管理局 matches 市场监督管理局窗口
    assert (licence.item_type, licence.statutory_limit, licence.promised_limit) == (ItemType.LICENSING, 20, 8)
    assert [b.name for b in licence.bases.all()] == ["中华人民共和国食品安全法", "食品经营许可管理办法"]
    assert [(m.name, m.form) for m in licence.materials.all()] == [
        ("食品经营许可申请书", MaterialForm.ORIGINAL), ("营业执照", MaterialForm.COPY)]
    assert [(s.name, s.responsible, s.time_limit) for s in licence.steps.all()] == [
        ("受理", "综合受理岗", 1), ("审查", "审核岗", 5), ("决定", "首席代表", 2)]
    assert licence.complaint_phone == "12345" and not licence.fees.exists()
    quick = ServiceItem.objects.get(name="增值税发票代开")
    assert (quick.case_kind, quick.promised_limit, quick.statutory_limit) == (CaseKind.IMMEDIATE, 0, None)


def test_sheet_per_department(office_user, departments):
    header = [h for h in HEADER if h != "实施部门"]
    strip = [v for i, v in enumerate(LICENCE) if i != 1]
    strip_quick = [v for i, v in enumerate(IMMEDIATE) if i != 1]
    run(office_user, workbook(None, header=header, sheets={"市场监督管理局窗口": [strip], "税务局窗口": [strip_quick]}))
    assert ServiceItem.objects.get(name="食品经营许可").department.code == "SCJG"
    assert ServiceItem.objects.get(name="增值税发票代开").department.code == "SW"


def test_unknown_department_is_an_error_naming_the_row_unless_created(office_user, departments):
    row = list(LICENCE)
    row[1] = "自然资源局"
    with pytest.raises(ImportRefused) as refusal:
        run(office_user, workbook([IMMEDIATE, row]))
    assert any("第 6 行【实施部门】" in e and "自然资源局" in e for e in refusal.value.errors)
    assert not ServiceItem.objects.exists()
    report = run(office_user, workbook([IMMEDIATE, row]), create_departments=True)
    assert report.new_departments == ["自然资源局"]
    assert ServiceItem.objects.get(name="食品经营许可").department == Department.objects.get(name="自然资源局")


def test_broken_rules_refuse_the_whole_file_naming_row_and_column(office_user, departments):
    late = list(LICENCE)
    late[9] = "30个工作日"  # promised past the statutory 20
    untyped = list(IMMEDIATE)
    untyped[3] = "行政奖惩"
    unreadable = list(IMMEDIATE)
    unreadable[2], unreadable[9] = "完税证明开具", "尽快"
    with pytest.raises(ImportRefused) as refusal:
        run(office_user, workbook([late, untyped, unreadable, IMMEDIATE]))
    errors = refusal.value.errors
    assert any("第 5 行【承诺办结时限】" in e and "不能超过法定时限" in e for e in errors)
    assert any("第 6 行【权力类型】" in e and "行政奖惩" in e for e in errors)
    assert any("第 7 行【承诺办结时限】" in e and "尽快" in e for e in errors)
    assert not ServiceItem.objects.exists()


def test_licence_without_basis_and_steps_past_promise_are_refused(office_user, departments):
    row = list(LICENCE)
    row[4] = ""
    row[9] = "5个工作日"
    with pytest.raises(ImportRefused) as refusal:
        run(office_user, workbook([row]))
    assert any("【法律依据】" in e and "设定依据" in e for e in refusal.value.errors)
    assert any("【办理程序】" in e and "合计 8 个工作日" in e for e in refusal.value.errors)


def test_missing_header_is_reported(office_user, departments):
    with pytest.raises(ImportRefused) as refusal:
        run(office_user, workbook([["a", "b"]], header=["甲", "乙"]))
    assert "找不到表头" in refusal.value.errors[0]


def test_only_the_office_imports(head_user, departments):
    with pytest.raises(PermissionRefused):
        run(head_user, workbook([LICENCE]))


def test_reimport_updates_changed_rows_only(office_user, departments):
    run(office_user, workbook([LICENCE, IMMEDIATE]))
    changed = list(LICENCE)
    changed[9] = "9个工作日"
    report = run(office_user, workbook([changed, IMMEDIATE]))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    line = next(line for line in report.lines if line.action == "changed")
    assert line.changes == ["承诺办结时限"]
    assert ServiceItem.objects.get(name="食品经营许可").promised_limit == 9


def test_export_reimports_unchanged(office_user, departments, tmp_path):
    window = Post.objects.create(department=departments["market"], name="综合受理岗")
    parent = make_item(office_user, departments["market"], fees=[
        {"name": "工本费", "standard": "每证10元", "basis": "《收费标准》"}, {"name": "证书费", "standard": "20元", "basis": ""}])
    services.item_part_add(actor=office_user, item=parent, part="materials", name="营业执照（副本）", form="both",
                           copies=2, source="市场监管部门核发", required=False, condition="已登记的")
    make_item(office_user, departments["market"], name="分公司设立登记", parent=parent,
              steps=[{"name": "受理", "post": window, "time_limit": 1}], conditions="第一行\n第二行")
    make_item(office_user, departments["tax"], name="发票领用", item_type=ItemType.PUBLIC_SERVICE, bases=[],
              statutory_limit=None, promised_limit=0, case_kind=CaseKind.IMMEDIATE, steps=[])
    path = tmp_path / "items.xlsx"
    call_command("export_service_items", "--xlsx", str(path), stdout=StringIO())
    history_before = sum(m.history.count() for m in (ServiceItem,))
    report = run(office_user, SimpleUploadedFile("items.xlsx", path.read_bytes()))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3), [
        (line.name, line.changes) for line in report.lines]
    assert ServiceItem.history.count() == history_before


def test_sub_items_reference_their_parent_by_code(office_user, departments):
    sub = [3, "市场监督管理局窗口", "食品经营许可（延续）", "行政许可", "《食品经营许可管理办法》第二十七条", "", "延续申请书",
           "受理（综合受理岗，1个工作日）", "20", "5", "承诺件", "不收费", "", "", ""]
    header = [*HEADER[:3], "所属事项编码", *HEADER[3:]]
    licence = [*LICENCE[:3], "", *LICENCE[3:]]
    licence[0] = "SCJG-900"
    header[0] = "事项编码"
    sub_row = ["SCJG-900-01", *sub[1:3], "SCJG-900", *sub[3:]]
    run(office_user, workbook([sub_row, licence], header=header))
    child = ServiceItem.objects.get(code="SCJG-900-01")
    assert child.parent.code == "SCJG-900"


def test_cli_import_dry_run_and_refusal(office_user, departments, tmp_path):
    path = tmp_path / "items.xlsx"
    path.write_bytes(workbook([LICENCE]).read())
    out = StringIO()
    call_command("import_service_items", str(path), "--dry-run", stdout=out)
    assert "预览（未写入）：新增 1" in out.getvalue() and not ServiceItem.objects.exists()
    bad = list(LICENCE)
    bad[1] = "不存在的局"
    path.write_bytes(workbook([bad]).read())
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_service_items", str(path), stdout=StringIO(), stderr=err)
    assert "不存在的局" in err.getvalue()
    call_command("import_service_items", str(path), "--create-departments", stdout=StringIO())
    assert ServiceItem.objects.get().department.name == "不存在的局"


def test_web_import_previews_then_confirms(client, office_user, departments):
    from qms.core.models import ImportBatch

    client.force_login(office_user)
    response = client.post("/catalog/items/import/", {"upload": workbook([LICENCE, IMMEDIATE])})
    page = response.content.decode()
    assert response.status_code == 200 and "确认导入" in page and 'data-count="create">新增 2' in page
    assert not ServiceItem.objects.exists()
    token = response.context["token"]
    response = client.post("/catalog/items/import/", {"token": token, "confirm": "1"})
    assert response.status_code == 302 and ServiceItem.objects.count() == 2
    batch = ImportBatch.objects.get(importer="catalog_import")
    assert (batch.outcome, batch.plan) == ("imported", {"created": 2, "updated": 0, "unchanged": 0})


def test_web_import_shows_every_error_then_creates_departments_when_asked(client, office_user, departments):
    client.force_login(office_user)
    row = list(LICENCE)
    row[1] = "自然资源局"
    response = client.post("/catalog/items/import/", {"upload": workbook([row])})
    page = response.content.decode()
    assert "在此之前不会导入任何内容" in page and "自然资源局" in page and "第 5 行【实施部门】" in page
    assert not response.context["can_confirm"] and not response.context["token"]
    response = client.post("/catalog/items/import/", {"upload": workbook([row]), "create_departments": "on"})
    assert "将新建部门" in response.content.decode() and not ServiceItem.objects.exists()
    response = client.post("/catalog/items/import/", {"token": response.context["token"], "confirm": "1"})
    assert response.status_code == 302
    assert ServiceItem.objects.get().department == Department.objects.get(name="自然资源局")


def test_refused_uploads_are_not_kept_on_disk(client, office_user, departments, settings):
    from qms.core.models import ImportBatch

    from ..hostile import media_files

    client.force_login(office_user)
    bad_row = list(LICENCE)
    bad_row[1] = "自然资源局"
    for _attempt in range(3):
        for upload in (SimpleUploadedFile("items.xlsx", b"MZ\x90\x00 not a workbook"),
                       workbook([LICENCE], header=["无关", "表头"]), workbook([bad_row])):
            response = client.post("/catalog/items/import/", {"upload": upload})
            assert response.status_code == 200 and not response.context.get("token")
    client.post("/catalog/items/import/", {"upload": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert media_files(settings) == [] and not ServiceItem.objects.exists()
    outcomes = list(ImportBatch.objects.filter(importer="catalog_import").values_list("outcome", flat=True))
    assert outcomes == ["refused"] * 10
