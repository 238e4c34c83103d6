import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from qms.core.errors import ApplicationError
from qms.core.models import GeneratedFile
from qms.org.selectors import organisation_profile
from standards import services
from standards.documents.system_table_docx import build_system_table_docx
from standards.documents.system_table_xlsx import build_system_table_xlsx
from standards.models import Standard
from standards.system_table import system_table_build, system_table_context

from .centre import build_centre
from .helpers import make_in_force, make_standard

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
HEADER = ["序号", "标准体系表编号", "标准编号", "标准名称", "级别", "实施日期", "代替标准号", "备注"]


def sheet_rows(data: bytes, sheet: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def detail_rows(data: bytes) -> list[tuple]:
    """The detail sheet below its header row, as a reader sees it."""
    rows = sheet_rows(data, "标准明细表")
    return rows[rows.index(tuple(HEADER)) + 1:] if tuple(HEADER) in rows else rows[3:]


@pytest.fixture
def centre(office_user):
    profile = organisation_profile()
    profile.name = "宛城区政务服务中心"
    profile.save()
    return build_centre(office_user)


def test_detail_sheet_groups_rows_under_node_headings_with_planned_rows(centre):
    _name, data = system_table_build(fmt="xlsx")
    rows = sheet_rows(data, "标准明细表")
    assert rows[0][0] == "标准明细表" and "宛城区政务服务中心" in rows[1][0]
    assert list(rows[2]) == HEADER
    body = rows[3:]
    headings = [r[0] for r in body if r[1] is None and isinstance(r[0], str)]
    assert headings[:3] == ["100 服务通用基础标准体系", "101 标准化导则", "102 术语与缩略语标准"]
    assert "209 合同管理标准" not in headings  # the only standard there is withdrawn
    by_code = {r[1]: r for r in body if r[1]}
    assert by_code["101-01"][2:] == ("GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则", "国家标准",
                                     dt.datetime(2020, 10, 1), "GB/T 1.1-2009", None)
    assert by_code["302-01"][2] == "Q/XZFW 302.01-2025" and by_code["302-01"][6] == "Q/XZFW 302.01-2024"
    assert by_code["303-01"][2] is None and by_code["303-01"][7] == "待制定；2026年完成"
    assert by_code["305-01"][7] == "待采用" and by_code["301-02"][7] == "待修订"
    assert by_code["304-02"][7] == "待制定"  # a draft edition, still to be drafted
    assert [r[0] for r in body if r[1]] == list(range(1, 14))  # 序号 runs through the table
    ws = load_workbook(io.BytesIO(data))["标准明细表"]
    dates = [c for c in ws["F"] if isinstance(c.value, dt.datetime)]
    assert dates and all(c.number_format == "yyyy-mm-dd" for c in dates)  # shown as YYYY-MM-DD


def test_statistics_are_values_per_level_sub_system_and_origin(centre):
    _name, data = system_table_build(fmt="xlsx")
    rows = sheet_rows(data, "标准统计表")
    by_label = {}
    for row in rows:
        by_label.setdefault(str(row[0]).strip(), row)
    assert by_label["国家标准"][1:] == (5, 5, 1.0)
    assert by_label["地方标准"][1:] == (2, 1, 0.5)
    assert by_label["企业标准"][1:3] == (4, 2)
    assert by_label["合计"][1:3] == (13, 10) and by_label["合计"][3] == pytest.approx(10 / 13)
    assert by_label["300 服务提供标准体系"][1:3] == (9, 6)
    assert by_label["303 服务质量控制规范"][1:] == (1, 0, 0.0)
    assert by_label["采用外部标准"][1:] == (9, 8, 0.8)
    assert not any(isinstance(v, str) and v.startswith("=") for r in rows for v in r)


def test_xlsx_is_print_ready(centre):
    _name, data = system_table_build(fmt="xlsx")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["封面及编制说明", "体系结构图", "标准明细表", "标准统计表"]
    ws = workbook["标准明细表"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows.replace("$", "") == "3:3" and ws.freeze_panes == "A4"
    data_row = next(c.row for c in ws["B"] if c.value == "101-01")
    assert ws["D3"].font.name == "黑体" and ws.cell(data_row, 4).font.name == "宋体"
    assert ws.cell(data_row, 4).border.left.style == "thin"
    assert ws.column_dimensions["D"].width >= 30
    assert any(str(r) == "A4:H4" for r in ws.merged_cells.ranges)  # the first heading row spans the table
    cover = [r[0] for r in workbook["封面及编制说明"].iter_rows(values_only=True) if r[0]]
    assert "宛城区政务服务中心" in cover and "标准体系表" in cover
    assert any("应有数" in str(line) and "13 项" in str(line) for line in cover)


def test_user_text_starting_like_a_formula_is_stored_as_text(office_user):
    make_standard(office_user, code="301-01", name="=HYPERLINK(\"http://x\",\"点击\")", notes="@SUM(A1)")
    data = build_system_table_xlsx(system_table_context(organisation="中心"))
    ws = load_workbook(io.BytesIO(data))["标准明细表"]
    cells = [c for row in ws.iter_rows(min_row=4) for c in row if isinstance(c.value, str)]
    formula_like = [c for c in cells if c.value.startswith(("=", "@", "待制定；@"))]
    assert formula_like and all(c.data_type == "s" for c in formula_like)


def test_docx_has_every_part_with_east_asian_fonts_and_repeating_header(centre):
    _name, data = system_table_build(fmt="docx")
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for part in ("宛城区政务服务中心", "标准体系表", "编制说明", "体系结构图", "标准明细表", "标准统计表"):
        assert part in text
    chart, detail = document.tables[0], document.tables[1]
    assert chart.rows[0].cells[0].text == "宛城区政务服务中心标准体系"
    assert "300 服务提供标准体系" in [c.text for c in chart.rows[1].cells]
    assert chart.rows[2].cells[-1].text == "305 服务评价与改进标准"
    assert chart.rows[3].cells[-5].text == "3/3"  # 301: 3 in force of 3
    assert chart.rows[2].cells[0]._tc.tcPr.find(qn("w:textDirection")) is not None
    assert [c.text for c in detail.rows[0].cells] == HEADER
    assert detail.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    texts = [[c.text for c in row.cells] for row in detail.rows[1:]]
    assert texts[0][0] == "100 服务通用基础标准体系"
    row = next(t for t in texts if t[1] == "101-01")
    assert row[2:] == ["GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则", "国家标准", "2020-10-01",
                       "GB/T 1.1-2009", ""]
    assert len([t for t in texts if t[1] != t[0]]) == 13  # a merged heading repeats its text per column
    fonts = {r.get(qn("w:eastAsia")) for r in detail._tbl.iter(qn("w:rFonts"))}
    assert fonts <= {"宋体", "黑体"} and fonts
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    level_table = document.tables[2]
    assert [c.text for c in level_table.rows[-1].cells] == ["合计", "13", "10", "76.9%"]


def test_columns_are_configurable(centre):
    context = system_table_context(organisation="中心", columns=["code", "subsystem", "name", "intl_relation"])
    assert [c.label for c in context.columns] == ["标准体系表编号", "子体系", "标准名称", "国际国外标准号及采用关系"]
    rows = sheet_rows(build_system_table_xlsx(context), "标准明细表")
    assert rows[2] == ("标准体系表编号", "子体系", "标准名称", "国际国外标准号及采用关系")
    assert ("301-01", "服务规范", "政务服务中心运行规范 第1部分：基本要求", None) in rows
    with pytest.raises(ApplicationError, match="未知的列"):
        system_table_context(organisation="中心", columns=["code", "colour"])


def test_a_node_scope_gives_that_subtree_only(centre):
    context = system_table_context(organisation="中心", node_code="300")
    assert {g.code for g in context.groups} == {"300", "301", "302", "303", "304", "305"}
    assert context.stats_by_level[-1].expected == 9 and context.scope_label == "300 服务提供标准体系"
    with pytest.raises(ApplicationError, match="节点编码 999 不存在"):
        system_table_context(organisation="中心", node_code="999")


def test_as_of_gives_the_table_as_it_stood_at_the_end_of_that_day(office_user):
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, tzinfo=SHANGHAI), tick=False):
        first, edition = make_in_force(office_user, code="301-01", number="Q/XZFW 301.01-2024", name="窗口服务规范")
        later_gone, gone = make_in_force(office_user, code="301-02", number="GB/T 32169.2-2015", name="运行规范 第2部分",
                                         level="national", origin="adopted")
    with time_machine.travel(dt.datetime(2025, 3, 1, 23, 30, tzinfo=SHANGHAI), tick=False):
        revision = services.edition_create(actor=office_user, standard=first, number="Q/XZFW 301.01-2025")
        services.edition_publish(actor=office_user, edition=revision, exempt_reason="测试：直接登记现行版本")
        services.standard_update(actor=office_user, standard=Standard.objects.get(pk=first.pk),
                                 expected_version=Standard.objects.get(pk=first.pk).version, name="窗口服务规范（修订）")
        make_standard(office_user, code="301-03", name="延时服务规范")
    with time_machine.travel(dt.datetime(2025, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        services.edition_withdraw(actor=office_user, edition=gone, reason="不再适用")

    def rows_on(day):
        context = system_table_context(organisation="中心", as_of=day)
        return {r.values["code"]: (r.values["number"], r.values["name"]) for g in context.groups for r in g.rows}

    assert rows_on(dt.date(2025, 1, 9)) == {}
    assert rows_on(dt.date(2025, 2, 28)) == {"301-01": ("Q/XZFW 301.01-2024", "窗口服务规范"),
                                             "301-02": ("GB/T 32169.2-2015", "运行规范 第2部分")}
    on_march_first = rows_on(dt.date(2025, 3, 1))  # 23:30 that day counts: the end of the day
    assert on_march_first["301-01"] == ("Q/XZFW 301.01-2025", "窗口服务规范（修订）") and "301-03" in on_march_first
    assert set(rows_on(dt.date(2025, 6, 1))) == {"301-01", "301-03"}
    context = system_table_context(organisation="中心", as_of=dt.date(2025, 2, 28))
    assert "2025-02-28" in context.explanation[1] and context.date_label == "2025-02-28"


def test_export_command_writes_both_files(centre, tmp_path):
    out = io.StringIO()
    call_command("export_system_table", "--xlsx", str(tmp_path / "t.xlsx"), "--docx", str(tmp_path / "t.docx"),
                 "--node", "300", "--as-of", "2099-01-01", stdout=out)
    assert "9 行" in out.getvalue()
    assert len([r for r in detail_rows((tmp_path / "t.xlsx").read_bytes()) if r[1]]) == 9
    assert "标准明细表" in "\n".join(p.text for p in Document(str(tmp_path / "t.docx")).paragraphs)


def test_tree_page_shows_the_chart_and_the_export_form(client, centre, office_user):
    client.force_login(office_user)
    html = client.get("/standards/tree/").content.decode()
    assert "宛城区政务服务中心标准体系" in html and 'data-node="301"' in html and "3/3" in html
    assert 'name="as_of"' in html and 'value="intl_relation"' in html and "导入明细表" in html


@pytest.mark.parametrize("role", ["office", "auditor", "staff"])
def test_web_export_runs_a_job_and_gives_the_file(client, centre, role_users, role,
                                                  django_capture_on_commit_callbacks):
    client.force_login(role_users[role])
    with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/standards/system-table/", {"format": "docx", "node": "", "as_of": "",
                                                            "columns": ["seq", "code", "number", "name"]})
    job = GeneratedFile.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.status == "done", job.error
    body = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)
    detail = Document(io.BytesIO(body)).tables[1]
    assert [c.text for c in detail.rows[0].cells] == ["序号", "标准体系表编号", "标准编号", "标准名称"]


def test_web_export_refuses_a_future_date(client, centre, office_user):
    client.force_login(office_user)
    response = client.post("/standards/system-table/", {"format": "xlsx", "as_of": "2999-01-01",
                                                        "columns": ["code"]}, follow=True)
    assert "时点不能晚于今天" in response.content.decode() and not GeneratedFile.objects.exists()


def test_renderers_take_only_the_context(centre, django_assert_num_queries):
    context = system_table_context(organisation="中心")
    with django_assert_num_queries(0):
        build_system_table_xlsx(context)
        build_system_table_docx(context)
