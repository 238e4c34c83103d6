"""The shipped .docx templates of the fixed-layout documents, written with python-docx so their
fonts and page numbers match the generated documents. `manage.py write_document_templates`
writes them to templates/documents/; an office may replace any of them from the UI.

Each tag sits in one run (docxtpl needs that); table rows repeat with `{%tr for %}`, paragraphs
with `{%p for %}`. The context each template receives is described in `CONTEXT_HELP`."""

from qms.core.documents.docx import (
    add_heading,
    add_page_break,
    add_paragraph,
    add_table,
    document_bytes,
    new_document,
)

CONTEXT_HELP = {
    "org": "单位信息：name 单位名称, address 地址, postcode 邮编, legal_representative 法定代表人, contact_person 联系人, "
           "phone 联系电话, email 电子邮箱, pilot_project 试点项目名称, pilot_period 试点期限, project_lead 项目负责人, "
           "competent_authority 主管部门",
    "date": "编制日期（如 2026年3月1日）",
    "figures": "指标列表，每项有 label 名称, value 数值, target 目标, detail 计算说明",
    "fig": "按键取指标数值，如 fig.coverage、fig.implementation_rate、fig.training_rate、fig.standards_in_force",
    "counts": "标准数量：in_force 现行, in_house 自制现行, adopted 采用现行, planned 计划",
    "assessment": "自评：title, year, total 总分, max_total 满分, pass_line 合格线, result 结论, sections 各部分（title, "
                  "max_points, score）, gaps 差距清单（code, title, max_points, points, shortfall, missing）, vetoes 否决项, "
                  "overview/work_done/results/problems/improvement_plan 自评报告各段、summary_organisation/summary_system/"
                  "summary_implementation/summary_improvement/summary_outlook 工作总结各段（按段落的列表）",
    "entries": "（仅目录）材料列表：seq 序号, title 材料名称, filename 文件名, note 说明, page 在汇编成册 PDF 中的起始页码",
}


def _loop_table(document, header, loop, cells, endloop="{%tr endfor %}", widths=None):
    rows = [[loop] + [""] * (len(header) - 1), cells, [endloop] + [""] * (len(header) - 1)]
    return add_table(document, header, rows, widths_cm=widths, font_size=10.5)


def _paragraphs(document, name):
    add_paragraph(document, f"{{%p for line in assessment.{name} %}}")
    add_paragraph(document, "{{ line }}")
    add_paragraph(document, "{%p endfor %}")


def application_form() -> bytes:
    document = new_document()
    add_paragraph(document, "服务业标准化试点（示范）项目确认申请表", size=18, bold=True, align="center",
                  east_asian="黑体")
    add_paragraph(document, "填报日期：{{ date }}", align="right")
    rows = [
        ["申请单位", "{{ org.name }}"], ["单位地址", "{{ org.address }}"], ["邮政编码", "{{ org.postcode }}"],
        ["法定代表人", "{{ org.legal_representative }}"], ["联系人", "{{ org.contact_person }}"],
        ["联系电话", "{{ org.phone }}"], ["电子邮箱", "{{ org.email }}"],
        ["主管部门", "{{ org.competent_authority }}"], ["试点项目名称", "{{ org.pilot_project }}"],
        ["试点期限", "{{ org.pilot_period }}"], ["项目负责人", "{{ org.project_lead }}"],
        ["标准体系概况", "现行标准 {{ counts.in_force }} 项（自制 {{ counts.in_house }} 项，采用 {{ counts.adopted }} 项）；"
                    "体系完整性 {{ fig.system_completeness }}；标准覆盖率 {{ fig.coverage }}；实施率 "
                    "{{ fig.implementation_rate }}；参训率 {{ fig.training_rate }}"],
        ["自评结果", "{{ assessment.title }}：{{ assessment.total }} 分（满分 {{ assessment.max_total }} 分，合格线 "
                  "{{ assessment.pass_line }} 分），{{ assessment.result }}"],
        ["申请单位意见", "\n\n（盖章）          年    月    日"],
        ["主管部门初审意见", "\n\n（盖章）          年    月    日"],
    ]
    add_table(document, ["项目", "内容"], rows, widths_cm=[4.0, 12.5], font_size=10.5)
    return document_bytes(document)


def self_assessment_report() -> bytes:
    document = new_document()
    add_paragraph(document, "{{ org.name }}", size=16, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "{{ assessment.title }}", size=18, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "自评报告", size=18, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "{{ date }}", align="center")
    sections = [("一、基本情况", "overview"), ("二、主要工作", "work_done"), ("三、取得成效", "results")]
    for title, name in sections:
        add_heading(document, title, level=1)
        _paragraphs(document, name)
    add_heading(document, "四、主要指标", level=1)
    _loop_table(document, ["指标", "数值", "目标", "计算说明"], "{%tr for f in figures %}",
                ["{{ f.label }}", "{{ f.value }}", "{{ f.target }}", "{{ f.detail }}"], widths=[3, 2.5, 2, 9])
    add_heading(document, "五、自评得分", level=1)
    add_paragraph(document, "总分 {{ assessment.total }} 分（满分 {{ assessment.max_total }} 分，合格线 "
                            "{{ assessment.pass_line }} 分），{{ assessment.result }}。{{ assessment.vetoes }}")
    _loop_table(document, ["评价部分", "分值", "自评得分"], "{%tr for s in assessment.sections %}",
                ["{{ s.title }}", "{{ s.max_points }}", "{{ s.score }}"], widths=[10, 3, 3])
    add_heading(document, "六、差距清单", level=1)
    _loop_table(document, ["序号", "评价项目", "分值", "得分", "差距", "尚缺证据"], "{%tr for g in assessment.gaps %}",
                ["{{ g.code }}", "{{ g.title }}", "{{ g.max_points }}", "{{ g.points }}", "{{ g.shortfall }}",
                 "{{ g.missing }}"], widths=[1.5, 6, 1.5, 1.5, 1.5, 5])
    add_heading(document, "七、存在问题", level=1)
    _paragraphs(document, "problems")
    add_heading(document, "八、改进计划", level=1)
    _paragraphs(document, "improvement_plan")
    return document_bytes(document)


def dossier_index() -> bytes:
    document = new_document()
    add_paragraph(document, "{{ org.name }}", size=16, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "服务业标准化试点验收申请材料汇编", size=20, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "{{ date }}", align="center")
    add_page_break(document)
    add_paragraph(document, "目  录", size=16, bold=True, align="center", east_asian="黑体")
    _loop_table(document, ["序号", "材料名称", "说明", "文件", "页码"], "{%tr for e in entries %}",
                ["{{ e.seq }}", "{{ e.title }}", "{{ e.note }}", "{{ e.filename }}", "{{ e.page }}"],
                widths=[1.3, 4.5, 4.2, 5, 1.5])
    return document_bytes(document)


def work_summary() -> bytes:
    document = new_document()
    add_paragraph(document, "{{ org.name }}", size=16, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "服务业标准化试点工作总结", size=18, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "{{ date }}", align="center")
    add_heading(document, "一、基本情况", level=1)
    _paragraphs(document, "overview")
    add_heading(document, "二、主要做法", level=1)
    for name in ("summary_organisation", "summary_system", "summary_implementation", "summary_improvement"):
        _paragraphs(document, name)
    add_heading(document, "三、主要成效", level=1)
    _loop_table(document, ["指标", "数值", "目标"], "{%tr for f in figures %}",
                ["{{ f.label }}", "{{ f.value }}", "{{ f.target }}"], widths=[6, 4, 4])
    add_paragraph(document, "自评得分 {{ assessment.total }} 分（合格线 {{ assessment.pass_line }} 分），"
                            "{{ assessment.result }}。")
    add_heading(document, "四、存在问题和下一步打算", level=1)
    _paragraphs(document, "summary_outlook")
    return document_bytes(document)


BUILDERS = {
    "application_form": application_form,
    "self_assessment_report": self_assessment_report,
    "dossier_index": dossier_index,
    "work_summary": work_summary,
}
