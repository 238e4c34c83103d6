"""Importing a province's sheet from Excel: the layouts provinces publish, row-level refusals,
all or nothing, and the export read back by the import."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from qms.assessment import selectors, services
from qms.assessment.documents.sheets import scoring_template_xlsx
from qms.assessment.models import ScoringItem, ScoringTemplate
from qms.core.errors import ApplicationError

pytestmark = pytest.mark.django_db
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(rows, merges=()):
    workbook = Workbook()
    ws = workbook.active
    ws.title = "附表A"
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("评分表.xlsx", buffer.getvalue(), content_type=XLSX_CT)


PROVINCE_ROWS = [
    ["某省服务业标准化试点项目考核验收评分表"],
    ["说明：满分 100 分，85 分及以上为合格。"],
    ["序号", "考核项目", "考核内容及要求", "分值", "评分标准", "备查材料"],
    ["一", "组织管理（40分）", None, None, None, None],
    ["1", "领导机构", "成立领导小组", "20", "未成立扣 20 分", "文件"],
    ["2", "工作计划", "有年度计划", "２０", "无计划扣 20 分", "计划"],
    ["二", "标准实施", None, 60, None, None],
    ["3", "培训", "开展培训", 30, "按参训率", "签到表"],
    ["4", "检查", "开展检查", 30, "按实施率", "检查记录"],
    ["否决项", None, None, None, None, None],
    ["5", "弄虚作假", "材料真实", None, "一票否决", None],
    ["合计", None, None, 100, None, None],
]


def test_province_layout_imports_sections_items_veto_and_pass_line(office_user):
    template = services.template_import(actor=office_user, upload=upload(PROVINCE_ROWS), name="某省评分表")
    assert template.pass_line == D("85") and template.total_points == D("100")
    sections = list(template.sections.all())
    assert [s.title for s in sections] == ["一、组织管理", "二、标准实施", "否决项"]
    assert sections[0].max_points == D("40") and sections[2].is_veto
    items = list(ScoringItem.objects.filter(section__template=template))
    assert [i.title for i in items] == ["领导机构", "工作计划", "培训", "检查", "弄虚作假"]
    assert items[1].max_points == D("20")  # full-width digits read
    assert items[0].requirement == "成立领导小组" and items[0].evidence_hint == "文件"
    assert items[4].is_veto and items[4].max_points == 0
    assert services.template_problems(template) == []


def test_section_column_merged_over_its_items_is_read(office_user):
    rows = [["一级指标", "二级指标", "分值", "评分标准"],
            ["组织保障（10分）", "领导机构", 6, "…"], [None, "计划", 4, "…"],
            ["标准体系（90分）", "体系表", 90, "…"]]
    template = services.template_import(actor=office_user, upload=upload(rows, merges=["A2:A3"]), name="合并表",
                                        pass_line=D("80"))
    assert [(s.title, s.max_points, s.items.count()) for s in template.sections.all()] == [
        ("组织保障", D("10"), 2), ("标准体系", D("90"), 1)]


def test_bad_rows_are_all_reported_and_nothing_is_imported(office_user):
    rows = [list(r) for r in PROVINCE_ROWS]
    rows[4][3] = "二十"  # row 5: not a number
    rows[7][3] = None  # row 8: missing points
    with pytest.raises(ApplicationError) as refused:
        services.template_import(actor=office_user, upload=upload(rows), name="坏表")
    message = refused.value.message
    assert "第 5 行“分值”列：“二十”不是数字" in message
    assert "第 8 行“分值”列为空" in message
    assert ScoringTemplate.objects.count() == 0 and ScoringItem.objects.count() == 0


def test_points_not_adding_up_are_refused(office_user):
    rows = [list(r) for r in PROVINCE_ROWS]
    rows[4][3] = 15
    with pytest.raises(ApplicationError) as refused:
        services.template_import(actor=office_user, upload=upload(rows), name="不平表")
    assert "“一、组织管理”各项分值合计 35 分，与标注的 40 分不符" in refused.value.message
    assert ScoringTemplate.objects.count() == 0


def test_item_before_any_section_and_missing_header_are_refused(office_user):
    with pytest.raises(ApplicationError, match="第 2 行：计分项“领导机构”之前没有所属部分"):
        services.template_import(actor=office_user, upload=upload([["序号", "考核项目", "分值"],
                                                                   ["1", "领导机构", 10]]), name="x")
    with pytest.raises(ApplicationError, match="没有找到计分表的表头"):
        services.template_import(actor=office_user, upload=upload([["名称", "说明"], ["a", "b"]]), name="x")


def test_a_non_excel_file_is_refused(office_user):
    fake = SimpleUploadedFile("评分表.xlsx", b"not a workbook at all", content_type=XLSX_CT)
    with pytest.raises(ApplicationError, match="文件类型不符"):
        services.template_import(actor=office_user, upload=fake, name="x")


def test_exported_template_imports_back_identically(office_user):
    example = services.template_load_example(actor=office_user)
    data = scoring_template_xlsx(selectors.template_export_context(example))
    again = services.template_import(actor=office_user, name="回读",
                                     upload=SimpleUploadedFile("t.xlsx", data, content_type=XLSX_CT))

    def shape(t):
        return [(s.title, s.max_points, s.is_bonus, s.is_veto,
                 [(i.code, i.title, i.max_points, i.is_veto, i.figure_key, i.guidance) for i in s.items.all()])
                for s in t.sections.all()]

    assert shape(again) == shape(example)
    assert (again.pass_line, again.total_points, again.bonus_points) == (D("80"), D("100"), D("5"))
