"""Importing the hall's evaluation export: tolerant of real-world files, all or nothing,
duplicates recognised by case number and skipped, refusals naming row, column and why."""

import datetime as dt

import pytest

from audits.evaluation.models import Grade, Rating
from audits.evaluation.services import rating_import
from audits.evaluation.services.rating_import import ratings_import
from qms.core import bulk
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.models import ImportBatch

from .helpers import add_ratings, csv_upload, xlsx_upload

pytestmark = pytest.mark.django_db


def test_xlsx_with_title_rows_header_variants_and_fullwidth_values(office_user, departments):
    upload = xlsx_upload(
        [["受理编号", "窗口名称", "事项", "评价", "评价日期", "经办人", "评价内容", "是否超期"],
         ["ＳＬ２０２５０００１", "市场监督管理局窗口", "企业设立登记", "非常满意", dt.datetime(2025, 5, 6, 9, 30), "测office", "", "否"],
         ["SL20250002", "SCJG", "企业变更登记", " 基本满意 ", "2025/5/7", "", "", ""],
         ["SL20250003", "税务局", "发票申领", "差评", "2025年5月8日", "", "等候太久", "超期"],
         [None, None, None, None, None, None, None, None]],
        title_rows=[["某某县政务服务中心 评价数据导出"], ["导出时间：2025-06-01"]])
    result = ratings_import(actor=office_user, upload=upload)
    assert (result.read, result.created, result.skipped) == (3, 3, 0)
    first = Rating.objects.get(case_number="SL20250001")
    assert first.grade == Grade.SATISFIED and first.rated_on == dt.date(2025, 5, 6)
    assert first.department == departments["market"] and first.staff == office_user
    assert Rating.objects.get(case_number="SL20250002").grade == Grade.BASIC
    third = Rating.objects.get(case_number="SL20250003")
    assert (third.grade, third.department, third.reason, third.finished_on_time) == (
        Grade.DISSATISFIED, departments["tax"], "等候太久", False)
    batch = ImportBatch.objects.get()
    assert (batch.importer, batch.uploaded_by, batch.outcome, batch.plan["created"]) == (
        "rating_import", office_user, "imported", 3)
    assert set(Rating.objects.values_list("batch_id", flat=True)) == {batch.pk}


def test_gbk_csv_and_duplicates_in_database_and_file_are_skipped(office_user, departments):
    add_ratings(departments["market"], dt.date(2025, 5, 1), satisfied=1)
    existing = Rating.objects.get().case_number
    text = ("办件编号,评价结果,评价时间,窗口,原因\n"
            f"{existing},满意,2025-05-02,市场监督管理局窗口,\n"
            "A-1,满意,2025-05-02 10:11:12,市场监督管理局窗口,\n"
            "A-1,不满意,2025-05-02,市场监督管理局窗口,重复行\n"
            "A-2,4,2025.05.03,税务局窗口,\n")
    result = ratings_import(actor=office_user, upload=csv_upload(text, encoding="gbk"))
    assert (result.read, result.created, result.skipped) == (4, 2, 2)
    assert Rating.objects.get(case_number="A-1").grade == Grade.SATISFIED  # the first row of the case wins
    assert Rating.objects.get(case_number="A-2").grade == Grade.SATISFIED  # 4 stars
    again = ratings_import(actor=office_user, upload=csv_upload(text, encoding="gbk"))
    assert (again.created, again.skipped) == (0, 4)
    assert Rating.objects.count() == 3


def test_bad_rows_refuse_the_whole_file_with_row_column_and_reason(office_user, departments):
    upload = xlsx_upload([
        ["办件编号", "评价结果", "评价时间", "窗口"],
        ["B-1", "满意", "2025-05-02", "市场监督管理局窗口"],
        ["B-2", "还行吧", "2025-05-02", "市场监督管理局窗口"],
        ["B-3", "满意", "2025-13-45", "不存在的窗口"],
        ["", "满意", "2025-05-02", "税务局窗口"],
    ])
    with pytest.raises(ApplicationError) as refused:
        ratings_import(actor=office_user, upload=upload)
    errors = refused.value.extra["errors"]
    assert errors == [
        "第 3 行“评价结果”列：无法识别的评价“还行吧”（应为 满意 / 基本满意 / 不满意）",
        "第 4 行“评价时间”列：无法识别的日期“2025-13-45”",
        "第 4 行“窗口”列：系统中没有窗口或部门“不存在的窗口”",
        "第 5 行“办件编号”列：办件编号为空",
    ]
    assert "未写入任何数据" in refused.value.message
    assert Rating.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize("upload, message", [
    (lambda: xlsx_upload([["编号", "结果"], ["1", "满意"]]), "找不到表头"),
    (lambda: csv_upload("办件编号,评价结果,评价时间,窗口\n"), "没有评价数据行"),
    (lambda: csv_upload("x", name="export.pdf"), "只接受 .xlsx 或 .csv"),
    (lambda: csv_upload("\x00\x01binary", name="export.csv"), "文件类型不符"),
])
def test_unusable_files_are_refused(office_user, departments, upload, message):
    with pytest.raises(ApplicationError, match=message):
        ratings_import(actor=office_user, upload=upload())


def test_only_the_office_imports(role_users):
    upload = csv_upload("办件编号,评价结果,评价时间,窗口\nC-1,满意,2025-05-02,税务局窗口\n")
    for name in ("auditor", "manager", "head", "staff", "admin"):
        with pytest.raises(PermissionRefused):
            ratings_import(actor=role_users[name], upload=upload)


PINNED = ("办件编号,评价结果,评价时间,窗口,事项名称,工作人员,原因,是否按时办结\n"
          "R-1,满意,2025-05-02,市场监督管理局窗口,企业设立登记,测office,,是\n"
          "R-2,不满意,2025-05-03,税务局窗口,发票申领,,等候太久,否\n"
          "R-3,基本满意,2025-05-03,SCJG,,,,\n"
          "R-4,5星,2025-05-04,SW,发票申领,,,\n"
          "R-5,一般,2025-05-06,税务局,,,,\n")


def test_batched_write_matches_the_pinned_records_and_import_record(office_user, departments, monkeypatch):
    monkeypatch.setattr(rating_import, "BATCH", 2)  # several INSERT batches even for five rows
    result = ratings_import(actor=office_user, upload=csv_upload(PINNED, name="五月.csv"))
    written = [(r.case_number, r.grade, r.rated_on, r.department.code, r.item_name, r.staff, r.reason,
                r.finished_on_time, r.source, r.created_by, r.batch.filename)
               for r in Rating.objects.select_related("department", "batch").order_by("case_number")]
    day, market, tax = dt.date, departments["market"].code, departments["tax"].code
    assert written == [
        ("R-1", "satisfied", day(2025, 5, 2), market, "企业设立登记", office_user, "", True, "import", office_user,
         "五月.csv"),
        ("R-2", "dissatisfied", day(2025, 5, 3), tax, "发票申领", None, "等候太久", False, "import", office_user,
         "五月.csv"),
        ("R-3", "basic", day(2025, 5, 3), market, "", None, "", None, "import", office_user, "五月.csv"),
        ("R-4", "satisfied", day(2025, 5, 4), tax, "发票申领", None, "", None, "import", office_user, "五月.csv"),
        ("R-5", "basic", day(2025, 5, 6), tax, "", None, "", None, "import", office_user, "五月.csv"),
    ]
    batch = ImportBatch.objects.get()
    assert result.batch == batch
    assert (batch.importer, batch.uploaded_by, batch.outcome, batch.filename) == (
        "rating_import", office_user, "imported", "五月.csv")
    assert batch.plan == {"read": 5, "created": 5, "skipped": 0, "first_day": "2025-05-02",
                          "last_day": "2025-05-06"}


def test_a_failure_half_way_through_the_writes_leaves_nothing(office_user, departments, monkeypatch):
    monkeypatch.setattr(rating_import, "BATCH", 2)
    real_execute, inserts = bulk._execute_batch, []

    def failing_execute(cursor, sql, rows):
        if Rating._meta.db_table in sql:
            inserts.append(len(rows))
            if len(inserts) == 2:
                raise RuntimeError("disk full")
        real_execute(cursor, sql, rows)

    monkeypatch.setattr(bulk, "_execute_batch", failing_execute)
    with pytest.raises(RuntimeError, match="disk full"):
        ratings_import(actor=office_user, upload=csv_upload(PINNED))
    assert inserts == [2, 2]  # the first batch was written, then undone
    assert not Rating.objects.exists() and not ImportBatch.objects.exists()


def test_import_page_previews_every_error_then_confirms(client, office_user, departments):
    client.force_login(office_user)
    upload = csv_upload("办件编号,评价结果,评价时间,窗口\nD-1,一般般,2025-05-02,税务局窗口\nD-2,满意,昨天,税务局窗口\n")
    page = client.post("/evaluation/ratings/import/", {"file": upload}).content.decode()
    assert "第 2 行“评价结果”列" in page and "第 3 行“评价时间”列" in page and 'name="confirm"' not in page
    assert ImportBatch.objects.get().outcome == "refused"
    ok = csv_upload("办件编号,评价结果,评价时间,窗口\nD-1,满意,2025-05-02,税务局窗口\n")
    page = client.post("/evaluation/ratings/import/", {"file": ok}).content.decode()
    assert "将新增评价 1 条" in page and "税务局窗口" in page and not Rating.objects.exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post("/evaluation/ratings/import/", {"token": token, "confirm": "1"}, follow=True)
    assert "新增 1 条" in response.content.decode()
    batch = ImportBatch.objects.get(outcome="imported")
    assert Rating.objects.get().batch == batch and batch.plan["created"] == 1 and not batch.file


def test_only_the_office_reaches_the_import_page(client, role_users):
    for name in ("head", "manager", "auditor", "staff"):
        client.force_login(role_users[name])
        assert client.get("/evaluation/ratings/import/").status_code == 403
    client.force_login(role_users["office"])
    assert client.get("/evaluation/ratings/import/").status_code == 200
