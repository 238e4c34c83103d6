"""不符合项报告 (.docx): the classic one-page form. Description, clause, grade, auditee
confirmation, cause, correction and corrective action, verification, each with signature lines."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from qms.core.documents.docx import HEADING_FONT, add_paragraph, add_text, document_bytes, new_document

FONT_SIZE = 10


def _write(cell, text: str, *, bold: bool = False, align=None, east_asian: str = "宋体"):
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    for index, line in enumerate((text or "").split("\n")):
        target = paragraph if index == 0 else cell.add_paragraph()
        add_text(target, line, east_asian=east_asian, size=FONT_SIZE, bold=bold)
        if align is not None:
            target.alignment = align


def _section(table, label: str, body: str, signature: str):
    row = table.add_row()
    label_cell, body_cell = row.cells[0], row.cells[1].merge(row.cells[3])
    _write(label_cell, label, bold=True, east_asian=HEADING_FONT)
    _write(body_cell, body or " ")
    _write(body_cell, signature, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _grade_boxes(context) -> str:
    return "    ".join(("■" if value == context["grade"] else "□") + label for value, label in context["grades"])


def build_nonconformity_report_docx(context: dict) -> bytes:
    document = new_document(footer_page_numbers=False)
    add_paragraph(document, context["organisation"], size=12, align="center")
    add_paragraph(document, "不符合项报告", size=18, bold=True, align="center", east_asian=HEADING_FONT)
    add_paragraph(document, f"编号：{context['number']}", align="right", size=FONT_SIZE)
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for pairs in ((("受审部门", context["department"]), ("来源", f"{context['source']} {context['source_ref']}")),
                  (("标准", context["standard"]), ("条款", context["clause"]))):
        cells = table.add_row().cells
        for offset, (label, value) in enumerate(pairs):
            _write(cells[offset * 2], label, bold=True, east_asian=HEADING_FONT)
            _write(cells[offset * 2 + 1], value)
    _section(table, "不符合事实", f"{context['description']}\n客观证据：{context['evidence'] or '—'}\n"
             f"等级：{_grade_boxes(context)}",
             f"审核员：{context['raised_by']}    日期：{context['raised_on']}")
    _section(table, "受审方确认", context["acknowledgement_note"] or "已知悉并确认上述不符合事实。",
             f"受审方负责人：{context['acknowledged_by'] or '________'}    日期：{context['acknowledged_on'] or '________'}")
    whys = "\n".join(f"为什么{i}：{w}" for i, w in enumerate(context["whys"], 1))
    _section(table, "原因分析", f"{whys}\n根本原因：{context['root_cause'] or '—'}".strip(),
             f"部门负责人：{context['acknowledged_by'] or '________'}")
    _section(table, "纠正及纠正措施",
             f"纠正：{context['correction'] or '—'}\n纠正措施：{context['action_plan'] or '—'}\n"
             f"责任人：{context['owner'] or '—'}    完成期限：{context['due_date'] or '—'}"
             + (f"\n{context['change_request']}" if context["change_request"] else ""),
             f"部门负责人：{context['acknowledged_by'] or '________'}    日期：{context['completed_on'] or '________'}")
    _section(table, "完成情况", context["completion_note"] or "—", "")
    _section(table, "验证及有效性", f"验证意见：{context['verification_note'] or '—'}\n"
             f"有效性评价：{context['effectiveness_note'] or '—'}\n状态：{context['status']}"
             + (f"（{context['closed_on']}关闭）" if context["closed_on"] else ""),
             f"验证人：{context['verified_by'] or '________'}    日期：{context['verified_on'] or '________'}")
    for row in table.rows:
        for cell, width in zip(row.cells, (3, 5, 2.5, 6), strict=False):
            cell.width = Cm(width)
    return document_bytes(document)
