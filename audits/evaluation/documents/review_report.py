"""The management review report (管理评审报告) as .docx."""

from qms.core.documents.docx import add_heading, add_paragraph, add_table, document_bytes, new_document


def build_management_review_docx(context: dict) -> bytes:
    document = new_document(header_text=f"{context['organisation']} 管理评审报告")
    add_paragraph(document, context["organisation"], size=14, bold=True, align="center")
    add_paragraph(document, "管理评审报告", size=20, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, f"编号：{context['number']}", align="right")
    add_table(document, ["项目", "内容"], [
        ["评审名称", context["title"]], ["评审期间", context["period"]], ["召开日期", context["held_on"]],
        ["地点", context["location"]], ["主持人", context["chair"]], ["参加人员", context["attendees"]],
        ["状态", context["status"]],
    ], widths_cm=[3.5, 13])
    add_heading(document, "一、评审输入", level=1)
    for index, section in enumerate(context["inputs"], start=1):
        add_heading(document, f"{index}. {section['title']}", level=2)
        for line in section["lines"]:
            add_paragraph(document, line)
        if section["rows"]:
            add_table(document, section["header"], section["rows"])
    add_heading(document, "二、会议纪要", level=1)
    for line in (context["minutes"] or "（未记录）").splitlines():
        add_paragraph(document, line)
    add_heading(document, "三、评审结论", level=1)
    for line in (context["conclusion"] or "（未填写）").splitlines():
        add_paragraph(document, line)
    add_heading(document, "四、评审决定与改进措施", level=1)
    if not context["decisions"]:
        add_paragraph(document, "（无）")
    for index, decision in enumerate(context["decisions"], start=1):
        add_paragraph(document, f"决定{index}：{decision['text']}", bold=True)
        if decision["actions"]:
            add_table(document, ["措施", "责任人", "责任部门", "完成期限", "状态"],
                      [[a["description"], a["owner"], a["department"], a["due_on"], a["status"]]
                       for a in decision["actions"]])
    return document_bytes(document)
