"""The management review report (管理评审报告) as .docx: the meeting's particulars, the inputs in
the order of GB/T 19001-2016 9.3.2, the outputs of 9.3.3 (conclusion on the system's suitability,
adequacy and effectiveness; decisions on improvement, changes and resources, with their actions,
overdue ones flagged), and the signature block."""

from qms.core.documents.docx import add_heading, add_paragraph, add_table, document_bytes, new_document

ACTION_HEADER = ["措施", "责任人", "责任部门", "完成期限", "状态"]


def _inputs(document, context: dict) -> None:
    add_heading(document, "一、评审输入（GB/T 19001-2016 9.3.2）", level=1)
    for index, clause in enumerate(context["clauses"], start=1):
        add_heading(document, f"{index}. {clause['title']}（{clause['clause']}）", level=2)
        for line in clause["lines"]:
            add_paragraph(document, line)
        for part in clause["parts"]:
            if len(clause["parts"]) > 1:
                add_paragraph(document, part["title"], bold=True)
            for line in part["lines"]:
                add_paragraph(document, line)
            if part["rows"]:
                add_table(document, part["header"], part["rows"])


def _outputs(document, context: dict) -> None:
    add_heading(document, "二、会议纪要", level=1)
    for line in (context["minutes"] or "（未记录）").splitlines():
        add_paragraph(document, line)
    add_heading(document, "三、评审输出（GB/T 19001-2016 9.3.3）", level=1)
    add_heading(document, "1. 质量管理体系的适宜性、充分性和有效性结论", level=2)
    for line in (context["conclusion"] or "（未填写）").splitlines():
        add_paragraph(document, line)
    add_heading(document, "2. 改进的机会、体系所需的变更和资源需求的决定及措施", level=2)
    if not context["decisions"]:
        add_paragraph(document, "（无）")
    for index, decision in enumerate(context["decisions"], start=1):
        add_paragraph(document, f"决定{index}：{decision['text']}", bold=True)
        if decision["actions"]:
            add_table(document, ACTION_HEADER, [[a["description"], a["owner"], a["department"], a["due_on"],
                                                 a["status"]] for a in decision["actions"]])
    overdue = sum(a["overdue"] for d in context["decisions"] for a in d["actions"])
    if overdue:
        add_paragraph(document, f"注：标注“超期”的措施 {overdue} 项已过完成期限仍未关闭，请责任部门说明原因并重新确定期限。")


def _signatures(document, context: dict) -> None:
    add_paragraph(document)
    add_table(document, ["编制", "审核", "批准（管理者）"],
              [["", "", context["chair"]], ["签字：", "签字：", "签字："],
               ["日期：____年__月__日", "日期：____年__月__日", "日期：____年__月__日"]],
              widths_cm=[5.5, 5.5, 5.5], font_size=10.5)


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
    _inputs(document, context)
    _outputs(document, context)
    _signatures(document, context)
    return document_bytes(document)
