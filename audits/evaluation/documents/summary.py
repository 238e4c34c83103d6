"""服务评价与改进汇总 (.docx) for the application dossier: satisfaction, surveys, complaints,
window assessment and external evaluations over twelve months."""

from qms.core.documents.docx import add_heading, add_paragraph, add_table, document_bytes, new_document


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def build_evaluation_summary_docx(context: dict) -> bytes:
    document = new_document(header_text=f"{context['organisation']} 服务评价与改进")
    add_paragraph(document, "服务评价与改进情况汇总", size=18, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, f"统计期间：{context['period']}", align="center")
    add_heading(document, "一、满意度评价（一事一评）", level=1)
    add_paragraph(document, context["satisfaction_line"])
    add_table(document, ["月份", "评价数", "满意", "基本满意", "不满意", "满意率"],
              [[r["label"], r["total"], r["satisfied"], r["basic"], r["dissatisfied"], _pct(r["rate"])]
               for r in context["months"]])
    add_heading(document, "二、评议调查", level=1)
    for line in context["survey_lines"]:
        add_paragraph(document, line)
    for survey in context["surveys"] or [{"title": "（期间内无评议调查）", "questions": []}]:
        add_paragraph(document, survey["title"], bold=True)
        if survey["questions"]:
            add_table(document, ["题目", "答卷", "结果", "平均分"],
                      [[q["text"], q["answers"], q["result"], q["mean"] or "—"] for q in survey["questions"]])
        for q in survey["questions"]:
            if q.get("texts"):  # a text question's answers, listed as written (never averaged)
                add_paragraph(document, f"{q['text']}（文字意见）：", bold=True)
                for n, text in enumerate(q["texts"], start=1):
                    add_paragraph(document, f"{n}. {text}")
    add_heading(document, "三、投诉处理", level=1)
    add_paragraph(document, context["complaints_line"])
    add_heading(document, "四、窗口考评（流动红旗）", level=1)
    if context["flags"]:
        add_table(document, ["月份", "流动红旗窗口", "总分"], context["flags"])
    else:
        add_paragraph(document, "（期间内无已通报的窗口考评）")
    add_heading(document, "五、外部评价（第三方测评、代表委员评议、明察暗访）", level=1)
    for line in context.get("external_lines") or ["（期间内无外部评价）"]:
        add_paragraph(document, line)
    if context.get("external_rows"):
        add_table(document, context["external_header"], context["external_rows"])
    return document_bytes(document)
