"""The import's write phase, pinned: `import_pin.json` holds what the row-by-row path wrote for
one workbook that takes every branch (new planned, draft and in-force standards, a generated
code, renamed fields, a date corrected, a draft published, an edition superseding the one in
force with acknowledgements and notifications). The batched path must write the same."""

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.core.models import WorkflowEvent
from standards import services
from standards.imports import ImportRefused, standard_import
from standards.models import Acknowledgement, Edition, Level, Origin, Standard

from .helpers import make_in_force, make_standard
from .import_snapshot import marks, snapshot
from .workbooks import upload, workbook_bytes

pytestmark = pytest.mark.django_db

PIN = Path(__file__).with_name("import_pin.json")
TODAY = dt.datetime(2026, 6, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))

ROWS = [
    ["100 服务通用基础标准体系"],
    [1, "101-01", "GB/T 1.1-2025", "标准化工作导则 第1部分：标准化文件的结构和起草规则", "国家标准",
     "2026-01-01", "", "", ""],
    [2, "201-01", "GB 2894-2008", "安全标志及其使用导则", "国家标准", "2009-10-01", "GB 2894-1996", "", ""],
    ["301 服务规范"],
    [3, "301-01", "GB/T 32169.1-2015", "政务服务中心运行规范 第1部分：基本要求（修订）", "国家标准",
     "2016-06-01", "", "", "国家标准化管理委员会"],
    [4, "301-02", "DB41/T 1234-2019", "政务服务大厅窗口服务规范", "地方标准", "2019-12-01", "", "待修订", ""],
    [5, "", "MZ/T 001-2013", "婚姻登记机关等级评定规范", "行业标准", "", "", "", ""],
    [6, "301-05", "Q/XZFW 301.05-2026", "窗口服务质量监督检查规范", "企业标准", "", "", "待制定", ""],
    [7, "301-06", "", "政务服务“好差评”工作规范", "地方", "", "", "拟采用", ""],
    [8, "302-01", "Q/XZFW 302.01-2024", "首问负责制", "企业标准", "", "", "", ""],
    [9, "303-01", "Q/XZFW 303.01-2026", "服务质量控制规范", "企业标准", "", "", "起草中", ""],
    [10, "304-01", "Q/XZFW 304.01-2020", "运行管理规范", "企业标准", "2020-03-01", "", "待修订", ""],
]


def _centre(office_user, departments):
    """What the system holds before the import."""
    make_in_force(office_user, code="101-01", number="GB/T 1.1-2020", node="101", origin=Origin.ADOPTED,
                  level=Level.NATIONAL, name="标准化工作导则 第1部分：标准化文件的结构和起草规则",
                  applicable_departments=[departments["market"], departments["tax"]])
    _, in_force = make_in_force(office_user, code="301-01", number="GB/T 32169.1-2015", origin=Origin.ADOPTED,
                                level=Level.NATIONAL, name="政务服务中心运行规范 第1部分：基本要求")
    in_force.effective_on = dt.date(2016, 1, 1)
    in_force.save()
    draft_of = make_standard(office_user, code="301-02", name="政务服务大厅窗口服务规范", origin=Origin.ADOPTED,
                             level=Level.LOCAL, plan="")
    services.edition_create(actor=office_user, standard=draft_of, number="DB41/T 1234-2019")
    make_standard(office_user, code="301-05", name="窗口服务质量监督检查规范")
    make_in_force(office_user, code="302-01", number="Q/XZFW 302.01-2024", node="302", name="首问负责制")


def _import(office_user, departments, head_user, staff_user):
    with time_machine.travel(TODAY, tick=False):
        _centre(office_user, departments)
        before = marks()
        standard_import(actor=office_user, upload=upload(workbook_bytes(ROWS)), filename="明细表2026.xlsx")
        return snapshot(before)


def test_batched_import_writes_what_the_row_by_row_path_wrote(office_user, departments, head_user, staff_user):
    written = _import(office_user, departments, head_user, staff_user)
    assert json.loads(json.dumps(written)) == json.loads(PIN.read_text(encoding="utf-8"))


def test_every_record_gets_one_history_row_per_import_with_who_and_why(office_user, departments, head_user,
                                                                        staff_user):
    with time_machine.travel(TODAY, tick=False):
        _centre(office_user, departments)
        before = marks()
        standard_import(actor=office_user, upload=upload(workbook_bytes(ROWS)), filename="明细表2026.xlsx")
    rows = Standard.history.filter(pk__gt=before["standard_history"])
    assert rows.count() == rows.values("id").distinct().count() == 9  # 10 rows, 302-01 unchanged
    editions = Edition.history.filter(pk__gt=before["edition_history"])
    assert editions.count() == editions.values("id").distinct().count() == 9
    assert {r.history_user.username for r in [*rows, *editions]} == {"office"}
    assert all(r.history_change_reason for r in [*rows, *editions])


def test_import_queries_do_not_grow_with_rows(office_user, departments, head_user, staff_user):
    many = [[i, f"301-{i:02d}", f"Q/XZFW 301.{i:02d}-2024", f"规范{i}", "企业标准", "2024-01-01", "", "", ""]
            for i in range(1, 61)]
    with CaptureQueriesContext(connection) as ctx:
        standard_import(actor=office_user, upload=upload(workbook_bytes(many)), filename="多.xlsx")
    assert Standard.objects.filter(status="in_force").count() == 60
    assert len(ctx.captured_queries) <= 60  # under one query a row, whatever the number of rows


def test_a_failure_half_way_through_the_write_phase_leaves_nothing(office_user, departments, head_user,
                                                                    staff_user, monkeypatch):
    with time_machine.travel(TODAY, tick=False):
        _centre(office_user, departments)
    counts = (Standard.objects.count(), Edition.objects.count(), WorkflowEvent.objects.count(),
              Acknowledgement.objects.count(), Standard.history.count(), Edition.history.count())
    original = WorkflowEvent.objects.bulk_create

    def fail_after_editions(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(WorkflowEvent.objects, "bulk_create", fail_after_editions)
    with pytest.raises((RuntimeError, ImportRefused)):
        standard_import(actor=office_user, upload=upload(workbook_bytes(ROWS)), filename="明细表2026.xlsx")
    monkeypatch.setattr(WorkflowEvent.objects, "bulk_create", original)
    assert (Standard.objects.count(), Edition.objects.count(), WorkflowEvent.objects.count(),
            Acknowledgement.objects.count(), Standard.history.count(), Edition.history.count()) == counts
    assert Standard.objects.get(code="301-01").name == "政务服务中心运行规范 第1部分：基本要求"
