import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qms.core.errors import ApplicationError
from standards import services
from standards.imports import ImportRefused, standard_status_import, standard_status_import_preview
from standards.models import (
    AdoptedStatus,
    EditionStatus,
    ExternalState,
    Level,
    Origin,
    StandardStatus,
    ValidityConfirmation,
)
from standards.selectors import adopted_flagged, adopted_unconfirmed, standard_validity
from standards.system_table.context import system_table_context

from .helpers import make_in_force
from .workbooks import upload, workbook_bytes

pytestmark = pytest.mark.django_db
STATUS_HEADER = ["序号", "标准号", "标准名称", "状态", "实施日期", "废止日期", "代替标准", "备注"]


def adopted(actor, number, name, node="101", code=""):
    standard, _edition = make_in_force(actor, number=number, name=name, node=node, code=code,
                                       origin=Origin.ADOPTED, level=Level.NATIONAL)
    return standard


@pytest.fixture
def held(office_user):
    return {
        "2": adopted(office_user, "GB/T 24421.2-2009", "服务业组织标准化工作指南 第2部分：标准体系"),
        "3": adopted(office_user, "GB/T 24421.3-2009", "服务业组织标准化工作指南 第3部分：标准编写"),
        "1.1": adopted(office_user, "GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则"),
        "2894": adopted(office_user, "GB 2894-2008", "安全标志及其使用导则", node="203"),
    }


def status_list(rows):
    return upload(workbook_bytes(rows, header=STATUS_HEADER, title="标准状态查询结果", sheet="查询结果"), "状态.xlsx")


PLATFORM_ROWS = [
    # The platform marks a replaced standard 废止 and names its replacement in another column.
    [1, "GB/T 24421.2—2009", "服务业组织标准化工作指南 第2部分", "废止", "2009-12-01", "2023-03-17",
     "GB/T 24421.2-2023", ""],
    [2, "GB/T24421.3-2009", "", "被GB/T 24421.3-2023代替", "", "2023年3月17日", "", ""],
    [3, "GB/T 1.1-2020", "", "现行有效", "2020-10-01", "", "GB/T 1.1-2009", "代替GB/T 1.1-2009"],
    [4, "GB 2894-2008", "", "作废", "", "2025.12.01", "", ""],
    [5, "GB/T 19001-2016", "质量管理体系 要求", "现行", "2017-07-01", "", "", ""],
]


def test_status_list_wordings_are_read_and_matched_to_held_standards(held):
    plan = standard_status_import_preview(upload=status_list(PLATFORM_ROWS))
    assert plan.errors == []
    by_number = {item.row.number: item for item in plan.rows}
    replaced = by_number["GB/T 24421.2-2009"].row
    assert (replaced.state, replaced.replaced_by, replaced.ends_on) == (
        ExternalState.REPLACED, "GB/T 24421.2-2023", dt.date(2023, 3, 17))
    assert by_number["GB/T 24421.3-2009"].row.replaced_by == "GB/T 24421.3-2023"
    current = by_number["GB/T 1.1-2020"].row
    assert current.state == ExternalState.CURRENT and current.replaced_by == ""  # 1.1-2009 is what it replaces
    assert by_number["GB 2894-2008"].row.state == ExternalState.ABOLISHED
    assert by_number["GB/T 19001-2016"].action == "ignored"  # not held by the centre
    assert plan.counts["create"] == 4 and plan.counts["flagged"] == 3
    assert AdoptedStatus.objects.count() == 0  # a preview writes nothing


def test_import_writes_statuses_with_history_and_a_validity_confirmation(office_user, held):
    standard_status_import(actor=office_user, upload=status_list(PLATFORM_ROWS), filename="状态.xlsx",
                           today=dt.date(2026, 3, 1))
    status = AdoptedStatus.objects.get(standard=held["2"])
    assert status.state == ExternalState.REPLACED and status.confirmed_on == dt.date(2026, 3, 1)
    record = status.history.get()
    assert record.history_user == office_user and record.history_change_reason == "导入 状态.xlsx"
    confirmation = ValidityConfirmation.objects.get()
    assert confirmation.confirmed_by == office_user
    assert {f.number: f.state for f in confirmation.findings.all()}["GB 2894-2008"] == ExternalState.ABOLISHED
    assert confirmation.findings.count() == 4


def test_reimport_reports_changes_and_leaves_unchanged_rows(office_user, held):
    standard_status_import(actor=office_user, upload=status_list(PLATFORM_ROWS), filename="a.xlsx")
    rows = [list(r) for r in PLATFORM_ROWS]
    rows[2][3] = "即将实施"
    plan = standard_status_import_preview(upload=status_list(rows))
    by_number = {item.row.number: item for item in plan.rows}
    assert by_number["GB/T 1.1-2020"].action == "update"
    assert by_number["GB/T 1.1-2020"].changes == ["标准状态：现行 → 即将实施"]
    assert by_number["GB 2894-2008"].action == "unchanged"


def test_bad_rows_are_refused_with_row_and_column_and_nothing_is_written(office_user, held):
    rows = [
        [1, "GB/T 24421.2-2009", "", "停用中", "", "", "", ""],
        [2, "", "无编号", "现行", "", "", "", ""],
        [3, "GB/T 24421.3-2009", "", "被代替", "", "", "", ""],
        [4, "GB 2894-2008", "", "废止", "", "2025-13-01", "", ""],
        [5, "GB/T 1.1-2020", "", "现行", "", "", "", ""],
    ]
    with pytest.raises(ImportRefused) as refused:
        standard_status_import(actor=office_user, upload=status_list(rows))
    messages = [str(e) for e in refused.value.plan.errors]
    assert any("第 5 行“状态”列" in m and "停用中" in m for m in messages)
    assert any("第 6 行“标准号”列" in m for m in messages)
    assert any("第 7 行“代替标准”列" in m for m in messages)
    assert any("第 8 行“废止日期”列" in m for m in messages)
    assert AdoptedStatus.objects.count() == 0 and ValidityConfirmation.objects.count() == 0


def test_command_dry_run_prints_the_plan_and_writes_nothing(office_user, held, tmp_path):
    path = tmp_path / "状态.xlsx"
    path.write_bytes(status_list(PLATFORM_ROWS).read())
    call_command("import_standard_status", str(path), "--dry-run")
    assert AdoptedStatus.objects.count() == 0
    call_command("import_standard_status", str(path))
    assert AdoptedStatus.objects.count() == 4
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(status_list([[1, "GB/T 1.1-2020", "", "?", "", "", "", ""]]).read())
    with pytest.raises(CommandError):
        call_command("import_standard_status", str(bad))


def test_flags_appear_in_the_selectors_and_the_system_table_notes(office_user, held):
    standard_status_import(actor=office_user, upload=status_list(PLATFORM_ROWS), filename="a.xlsx")
    flagged = {row.standard.number: row.note for row in adopted_flagged(today=dt.date(2026, 1, 1))}
    assert flagged == {
        "GB/T 24421.2-2009": "已于 2023-03-17 废止，由 GB/T 24421.2-2023 代替",
        "GB/T 24421.3-2009": "已于 2023-03-17 废止，由 GB/T 24421.3-2023 代替",
        "GB 2894-2008": "已于 2025-12-01 废止",
    }
    context = system_table_context(organisation="测试中心")
    notes = {row.values["number"]: row.values["notes"] for g in context.groups for row in g.rows}
    assert notes["GB/T 24421.2-2009"].startswith("已于 2023-03-17 废止，由 GB/T 24421.2-2023 代替")
    assert notes["GB/T 1.1-2020"] == ""


def test_adopting_the_replacement_supersedes_the_old_edition_and_clears_the_flag(office_user, held):
    standard_status_import(actor=office_user, upload=status_list(PLATFORM_ROWS), filename="a.xlsx")
    standard = services.adopted_standard_replace(actor=office_user, standard=held["2"],
                                                 name="服务业组织标准化工作指南 第2部分：标准体系构建")
    assert standard.number == "GB/T 24421.2-2023" and standard.status == StandardStatus.IN_FORCE
    old, new = standard.editions.order_by("seq")
    assert old.status == EditionStatus.SUPERSEDED and new.status == EditionStatus.IN_FORCE
    assert new.replaces == "GB/T 24421.2-2009" and new.effective_on == dt.date(2023, 3, 17)
    assert old.status_changes.last().note == "被 GB/T 24421.2-2023 代替"
    assert standard_validity(standard).flagged is False
    context = system_table_context(organisation="测试中心")
    row = next(r for g in context.groups for r in g.rows if r.values["code"] == standard.code)
    assert (row.values["number"], row.values["replaces"]) == ("GB/T 24421.2-2023", "GB/T 24421.2-2009")


def test_withdrawing_a_flagged_standard_needs_a_reason_and_removes_it_from_the_table(office_user, held):
    standard_status_import(actor=office_user, upload=status_list(PLATFORM_ROWS), filename="a.xlsx")
    with pytest.raises(ApplicationError):
        services.adopted_standard_withdraw(actor=office_user, standard=held["2894"], reason=" ")
    standard = services.adopted_standard_withdraw(actor=office_user, standard=held["2894"],
                                                  reason="国家标准已废止，无代替标准")
    assert standard.status == StandardStatus.WITHDRAWN
    edition = standard.editions.get()
    assert edition.withdrawn_on == dt.date(2025, 12, 1) and edition.withdrawn_reason == "国家标准已废止，无代替标准"
    context = system_table_context(organisation="测试中心")
    assert "GB 2894-2008" not in {r.values["number"] for g in context.groups for r in g.rows}


def test_in_house_standards_are_not_confirmed_for_validity(office_user):
    standard, _edition = make_in_force(office_user)
    with pytest.raises(ApplicationError, match="复审"):
        services.adopted_standard_withdraw(actor=office_user, standard=standard, reason="x")


def test_unconfirmed_lists_adopted_standards_not_confirmed_in_twelve_months(office_user, held):
    today = dt.date(2026, 6, 1)
    services.validity_confirmation_record(
        actor=office_user, confirmed_on=dt.date(2025, 7, 1), source="平台查询",
        outcomes={held["1.1"]: ExternalState.CURRENT, held["3"]: ExternalState.CURRENT})
    services.validity_confirmation_record(
        actor=office_user, confirmed_on=dt.date(2025, 5, 1), source="平台查询",
        outcomes={held["2894"]: ExternalState.CURRENT})
    unconfirmed = {row.standard.number for row in adopted_unconfirmed(today=today)}
    assert unconfirmed == {"GB/T 24421.2-2009", "GB 2894-2008"}


def test_validity_confirmation_records_a_replacement_outcome(office_user, held):
    confirmation = services.validity_confirmation_record(
        actor=office_user, confirmed_on=dt.date(2026, 1, 5), source="平台查询",
        outcomes={held["2"]: (ExternalState.REPLACED, "GB/T 24421.2-2023")})
    finding = confirmation.findings.get()
    assert (finding.number, finding.state, finding.replaced_by) == (
        "GB/T 24421.2-2009", ExternalState.REPLACED, "GB/T 24421.2-2023")
    assert standard_validity(held["2"]).note == "已废止，由 GB/T 24421.2-2023 代替"
