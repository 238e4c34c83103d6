"""Importing the hall system's case export: tolerant of real-world files, all or nothing with every
bad row named, case numbers already held skipped, unknown departments and items kept as text."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audits.cases.models import Case, CaseStatus
from audits.cases.services import cases_import, cases_import_preview, importing
from qms.core import bulk
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.models import CalendarDay, ImportBatch
from tests.catalog.helpers import make_item

from .helpers import HEADER, csv_upload, export_csv, xlsx_upload

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def test_xlsx_with_title_rows_header_variants_fullwidth_and_excel_dates(office_user, departments):
    item = make_item(office_user, departments["market"], name="有限责任公司设立登记", promised_limit=3)
    upload = xlsx_upload(
        [["受理编号", "服务事项", "受理部门", "受理日期", "办结日期", "状态", "承诺时限（工作日）"],
         ["ＢＪ２０２６０００１", "有限责任公司设立登记", "市场监督管理局窗口", dt.datetime(2026, 3, 2, 9, 15),
          "２０２６年３月４日 １６时０５分", "已办结", None],
         ["BJ20260002", "个体工商户登记", "SCJG", 46083.4, "2026/3/2 15:00", "办结", "即办"],
         ["BJ20260003", "发票申领", "税务局", "2026-03-03 10:00", None, "在办", "5个工作日"],
         [None] * 7],
        title_rows=[["某某县政务服务中心办件明细"], ["导出时间：2026-04-01"]])
    report = cases_import(actor=office_user, upload=upload)
    assert (report.read, report.created, report.skipped) == (3, 3, 0)
    first = Case.objects.get(number="BJ20260001")
    assert (first.item, first.department, first.promised_limit, first.status) == (
        item, departments["market"], 3, CaseStatus.FINISHED)  # the limit from the catalogue
    assert first.accepted_at == dt.datetime(2026, 3, 2, 9, 15, tzinfo=TZ)
    assert (first.accepted_day_id, first.finished_day_id) == (dt.date(2026, 3, 2), dt.date(2026, 3, 4))
    second = Case.objects.get(number="BJ20260002")
    assert (second.accepted_at.astimezone(TZ).hour, second.promised_limit, second.item) == (9, 0, None)
    third = Case.objects.get(number="BJ20260003")
    assert (third.status, third.finished_at, third.promised_limit) == (CaseStatus.OPEN, None, 5)
    batch = ImportBatch.objects.get()
    assert (batch.importer, batch.uploaded_by, batch.outcome) == ("case_import", office_user, "imported")
    assert (batch.plan["read"], batch.plan["created"]) == (3, 3) and set(Case.objects.values_list("batch", flat=True)) == {batch.pk}


def test_unknown_departments_and_items_are_kept_and_listed(office_user, departments):
    upload = export_csv([
        ["A1", "不动产登记", "自然资源局窗口", "2026-03-02 09:00", "2026-03-03 09:00", "办结", "3"],
        ["A2", "不动产登记", "自然资源局窗口", "2026-03-02 09:00", "", "在办", ""],
        ["A3", "发票申领", "税务局窗口", "2026-03-02 09:00", "", "在办", "1"],
    ])
    report = cases_import(actor=office_user, upload=upload, dry_run=True)
    assert report.unmatched_departments == [("自然资源局窗口", 2)]
    assert report.unmatched_items == [("不动产登记", 2), ("发票申领", 1)]
    assert report.without_limit == 1 and not Case.objects.exists()  # a dry run writes nothing
    cases_import(actor=office_user, upload=export_csv([["A1", "不动产登记", "自然资源局窗口", "2026-03-02 09:00",
                                                         "2026-03-03 09:00", "办结", "3"]]))
    case = Case.objects.get()
    assert (case.department, case.department_name, case.item, case.item_name) == (
        None, "自然资源局窗口", None, "不动产登记")


def test_numbers_already_held_or_repeated_are_skipped_in_a_gbk_csv(office_user, departments):
    row = ["B1", "发票申领", "税务局窗口", "2026-03-02 09:00", "2026-03-02 10:00", "办结", "0"]
    cases_import(actor=office_user, upload=export_csv([row]))
    rows = [row, ["B2", *row[1:]], ["B2", *row[1:]]]
    text = "\n".join(",".join(r) for r in [HEADER, *rows])
    report = cases_import(actor=office_user, upload=csv_upload(text, encoding="gb18030"))
    assert (report.read, report.created, report.skipped) == (3, 1, 2)
    assert sorted(report.skipped_numbers) == ["B1", "B2"]
    assert Case.objects.count() == 2


def test_bad_rows_refuse_the_whole_file_naming_row_column_and_reason(office_user, departments):
    upload = export_csv([
        ["C1", "发票申领", "税务局窗口", "2026-03-02 09:00", "2026-03-02 10:00", "办结", "0"],
        ["", "发票申领", "税务局窗口", "2026-03-02 09:00", "", "在办", "0"],
        ["C3", "发票申领", "税务局窗口", "昨天", "", "在办", "0"],
        ["C4", "发票申领", "税务局窗口", "2026-03-05 09:00", "2026-03-04 09:00", "办结", "0"],
        ["C5", "发票申领", "税务局窗口", "2026-03-05 09:00", "", "办结", "两天"],
        ["C6", "发票申领", "税务局窗口", "2026-03-05 09:00", "2026-03-06 09:00", "在办", "1"],
        ["C7", "发票申领", "税务局窗口", "2026-03-05 09:00", "", "搁置", "1"],
    ])
    with pytest.raises(ApplicationError) as refusal:
        cases_import(actor=office_user, upload=upload)
    errors = refusal.value.extra["errors"]
    assert errors == [
        "第 3 行“办件编号”列：办件编号为空",
        "第 4 行“受理时间”列：无法识别的时间“昨天”",
        "第 5 行“办结时间”列：办结时间早于受理时间",
        "第 6 行“承诺时限”列：无法识别的时限“两天”（应为工作日数，0 为即办）",
        "第 6 行“办结时间”列：办结件缺少办结时间",
        "第 7 行“办结时间”列：状态为在办，却有办结时间",
        "第 8 行“办理状态”列：无法识别的状态“搁置”（如 办结、在办、退件）",
    ]
    assert not Case.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.parametrize("header, message", [
    (["编号", "名称", "时间"], "找不到表头"),
    (["办件编号", "事项名称", "受理时间", "办结时间"], "实施部门"),
])
def test_files_without_the_needed_columns_are_refused(office_user, departments, header, message):
    with pytest.raises(ApplicationError, match=message):
        cases_import(actor=office_user, upload=export_csv([["X1", "事项", "2026-03-02"]], header=header))


def test_only_the_office_imports(role_users):
    upload = export_csv([["D1", "发票申领", "税务局窗口", "2026-03-02 09:00", "", "在办", "0"]])
    for name in ("head", "manager", "auditor", "staff", "admin"):
        with pytest.raises(PermissionRefused):
            cases_import(actor=role_users[name], upload=upload)


def test_command_previews_then_imports(office_user, departments, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(export_csv([["E1", "发票申领", "税务局窗口", "2026-03-02 09:00", "", "在办", "0"]]).read())
    call_command("import_cases", str(path), "--dry-run")
    assert "预览" in capsys.readouterr().out and not Case.objects.exists()
    call_command("import_cases", str(path))
    assert Case.objects.filter(number="E1").exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(export_csv([["E2", "发票申领", "税务局窗口", "不是日期", "", "在办", "0"]]).read())
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_cases", str(bad))
    assert "第 2 行“受理时间”列" in capsys.readouterr().err


PINNED_ROWS = [
    ["P1", "发票申领", "税务局窗口", "2026-03-02 09:00", "2026-03-02 10:00", "办结", "0"],
    ["P2", "有限责任公司设立登记", "市场监督管理局窗口", "2026-03-02 09:30", "2026-03-05 16:00", "办结", ""],
    ["P3", "不动产登记", "自然资源局窗口", "2026-03-03 09:00", "", "在办", "5"],
    ["P4", "发票申领", "税务局", "2026-03-04 11:00", "", "退件", "1"],
    ["P5", "个体工商户登记", "SCJG", "2026-03-06 14:00", "2026-03-09 09:00", "办结", "即办"],
]


def _written():
    return [(c.number, c.item_name, c.department.code if c.department else None, c.department_name,
             c.item.name if c.item else None, c.status, c.accepted_day_id, c.finished_day_id, c.promised_limit,
             c.batch.filename) for c in Case.objects.select_related("department", "item", "batch").order_by("number")]


def test_batched_write_matches_the_pinned_records_and_import_record(office_user, departments, monkeypatch):
    make_item(office_user, departments["market"], name="有限责任公司设立登记", promised_limit=3)
    monkeypatch.setattr(importing, "BATCH", 2)  # several INSERT batches even for five rows
    report = cases_import(actor=office_user, upload=export_csv(PINNED_ROWS, name="三月.csv"))
    day = dt.date
    tax, market = departments["tax"].code, departments["market"].code
    assert _written() == [
        ("P1", "发票申领", tax, "税务局窗口", None, "finished", day(2026, 3, 2), day(2026, 3, 2), 0, "三月.csv"),
        ("P2", "有限责任公司设立登记", market, "市场监督管理局窗口", "有限责任公司设立登记", "finished",
         day(2026, 3, 2), day(2026, 3, 5), 3, "三月.csv"),
        ("P3", "不动产登记", None, "自然资源局窗口", None, "open", day(2026, 3, 3), None, 5, "三月.csv"),
        ("P4", "发票申领", tax, "税务局", None, "terminated", day(2026, 3, 4), None, 1, "三月.csv"),
        ("P5", "个体工商户登记", market, "SCJG", None, "finished", day(2026, 3, 6), day(2026, 3, 9), 0, "三月.csv"),
    ]
    batch = ImportBatch.objects.get()
    assert report.batch == batch
    assert (batch.importer, batch.uploaded_by, batch.outcome, batch.filename) == (
        "case_import", office_user, "imported", "三月.csv")
    assert batch.plan == {"read": 5, "created": 5, "skipped": 0, "without_limit": 0,
                          "unmatched_departments": [["自然资源局窗口", 1]],
                          "unmatched_items": [["发票申领", 2], ["不动产登记", 1], ["个体工商户登记", 1]],
                          "first_day": "2026-03-02", "last_day": "2026-03-09"}
    assert CalendarDay.objects.filter(date=dt.date(2026, 3, 9)).exists()


def test_a_failure_half_way_through_the_writes_leaves_nothing(office_user, departments, monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 2)
    real_execute, inserts = bulk._execute_batch, []

    def failing_execute(cursor, sql, rows):
        if Case._meta.db_table in sql:
            inserts.append(len(rows))
            if len(inserts) == 2:
                raise RuntimeError("disk full")
        real_execute(cursor, sql, rows)

    monkeypatch.setattr(bulk, "_execute_batch", failing_execute)
    with pytest.raises(RuntimeError, match="disk full"):
        cases_import(actor=office_user, upload=export_csv(PINNED_ROWS))
    assert inserts == [2, 2]  # the first batch was written, then undone
    assert not Case.objects.exists() and not ImportBatch.objects.exists()
    assert not CalendarDay.objects.filter(date=dt.date(2026, 3, 9)).exists()


def test_web_import_previews_then_confirms(client, office_user, departments):
    client.force_login(office_user)
    upload = export_csv([["F1", "发票申领", "自然资源局", "2026-03-02 09:00", "", "在办", "0"],
                         ["F2", "发票申领", "税务局窗口", "2026-03-02 09:00", "", "在办", "0"]])
    page = client.post("/cases/import/", {"file": upload}).content.decode()
    assert "将新增办件 2 件" in page and "自然资源局" in page and not Case.objects.exists()
    waiting = ImportBatch.objects.get(outcome="waiting")
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post("/cases/import/", {"token": token, "confirm": "1"}, follow=True)
    assert "导入完成：新增办件 2 件" in response.content.decode()
    batch = ImportBatch.objects.get(pk=waiting.pk)
    assert (batch.outcome, batch.plan["created"], batch.plan["unmatched_departments"]) == (
        "imported", 2, [["自然资源局", 1]])
    assert set(Case.objects.values_list("batch", flat=True)) == {batch.pk} and not batch.file
    assert "办件导出.csv" in client.get("/cases/").content.decode()  # listed among the recent imports


def test_web_preview_names_every_bad_row_and_keeps_nothing(client, office_user, departments):
    client.force_login(office_user)
    upload = export_csv([["G1", "发票申领", "税务局窗口", "昨天", "", "在办", "0"],
                         ["G2", "发票申领", "税务局窗口", "2026-03-02 09:00", "", "搁置", "0"]])
    page = client.post("/cases/import/", {"file": upload}).content.decode()
    assert "第 2 行“受理时间”列：无法识别的时间“昨天”" in page and "第 3 行“办理状态”列" in page
    assert 'name="confirm"' not in page and not Case.objects.exists()
    batch = ImportBatch.objects.get()
    assert batch.outcome == "refused" and len(batch.errors) == 2 and not batch.file


def test_only_the_office_reaches_the_import_page(client, role_users):
    for name in ("head", "manager", "auditor", "staff"):
        client.force_login(role_users[name])
        assert client.get("/cases/import/").status_code == 403
    client.force_login(role_users["office"])
    assert client.get("/cases/import/").status_code == 200


REPEATED_ROWS = [  # the same names, states and limits typed several ways, as a real export repeats them
    ["R1", "有限责任公司设立登记", "市场监督管理局窗口", "2026-03-02 09:30", "2026-03-05 16:00", "办结", ""],
    ["R2", " 有限责任公司设立登记 ", "ＳＣＪＧ", "2026-03-02 10:30", "2026-03-02 11:00", " 已办结", "即办"],
    ["R3", "有限责任公司设立登记", "市场监督管理局窗口", "2026-03-03 09:00", "", "在办", "３"],
    ["R4", "发票申领", "税务局", "2026-03-04 11:00", "", "退件", "1 个工作日"],
    ["R5", "发票申领", "税务局", "2026-03-04 11:30", "2026-03-04 11:00", "办结", "1"],  # finished before accepted
    ["R6", "发票申领", "", "2026-03-05 09:00", "", "待审核", "x"],  # unknown limit
    [" ", "", "", "", "", "", ""],  # a blank row
    ["R7", "发票申领", "税务局", "", "", "", "3"],  # no time of acceptance
]


def _row_by_row(sheet):
    """Each row parsed on its own (fresh normalisation and name matching per row): what the import
    plans with its shared memo of repeated values must equal this."""
    header, tz = importing._header(sheet), importing.timezone.get_current_timezone()
    planned, errors = [], []
    for rownum, raw in enumerate(sheet.rows[header.row_index + 1:], start=header.row_index + 2):
        if not any(importing.normalize_text(v) for v in raw):
            continue
        row = importing._Row(raw, header.columns, rownum, tz)
        values = importing._parse_row(row, importing.Lookups())
        errors.extend(row.errors)
        if values is not None:
            planned.append(values)
    return planned, errors


def test_the_plan_matches_parsing_each_row_on_its_own(office_user, departments):
    make_item(office_user, departments["market"], name="有限责任公司设立登记", promised_limit=3)
    upload = export_csv(REPEATED_ROWS)
    sheet = importing.read_table(upload, max_rows=importing.MAX_ROWS, max_bytes=importing.MAX_BYTES)
    planned, errors = _row_by_row(sheet)
    report = importing.ImportReport(dry_run=True)
    importing._plan(sheet, report)
    assert report.errors == errors and len(errors) == 3 and report.read == 7  # the blank row is not read
    ok = REPEATED_ROWS[:4]
    report = cases_import_preview(upload=export_csv(ok))
    planned, _errors = _row_by_row(importing.read_table(export_csv(ok), max_rows=100, max_bytes=10**6))
    columns = [f.attname for f in Case._meta.concrete_fields if not f.primary_key]
    one_by_one = [Case(**v, accepted_day_id=v["accepted_at"].date(),
                       finished_day_id=v["finished_at"].date() if v["finished_at"] else None) for v in planned]
    assert report.cases == [{n: getattr(c, n) for n in columns} for c in one_by_one]  # every column planned
    assert [(c["number"], c["department_id"], c["item_id"], c["promised_limit"], c["status"])
            for c in report.cases] == [
        ("R1", departments["market"].pk, report.cases[0]["item_id"], 3, "finished"),
        ("R2", departments["market"].pk, report.cases[0]["item_id"], 0, "finished"),
        ("R3", departments["market"].pk, report.cases[0]["item_id"], 3, "open"),
        ("R4", departments["tax"].pk, None, 1, "terminated")]
    assert report.cases[0]["item_id"] is not None
