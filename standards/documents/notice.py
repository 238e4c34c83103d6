"""发布通知: the notice that publishes an approved edition. Context:
`selectors.publication_notice_context`."""

from qms.core.documents.docx import add_paragraph, add_table, document_bytes, new_document


def build_publication_notice_docx(context: dict) -> bytes:
    document = new_document()
    add_paragraph(document, context["organisation"], size=22, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, f"关于发布《{context['title']}》的通知", size=16, bold=True, align="center",
                  east_asian="黑体")
    add_paragraph(document, "各科室、各进驻部门窗口：")
    replaces = f"，代替 {context['replaces']}" if context["replaces"] else ""
    add_paragraph(document, (
        f"　　经审核、批准，现发布《{context['title']}》（{context['number']}）{replaces}，"
        f"自 {context['effective_on'] or '发布之日'} 起实施。请各部门组织本部门人员认真学习，"
        f"在系统中完成学习确认，并严格按照标准要求开展工作。"
    ))
    rows = [["标准编号", context["number"]], ["标准名称", context["title"]],
            ["体系表编号", context["code"]], ["代替标准号", context["replaces"] or "—"],
            ["发布日期", context["published_on"] or "—"], ["实施日期", context["effective_on"] or "—"],
            ["归口部门", context["responsible"] or "—"],
            ["适用部门", "、".join(context["departments"]) or "全中心"]]
    add_table(document, ["项目", "内容"], rows, widths_cm=[4, 12], font_size=10.5)
    add_paragraph(document, "")
    if context["approved_by"]:
        add_paragraph(document, f"批准人：{context['approved_by']}", align="right")
    add_paragraph(document, context["organisation"], align="right")
    add_paragraph(document, context["published_on"], align="right")
    return document_bytes(document)
