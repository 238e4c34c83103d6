"""The monthly notice of window assessment (窗口考评月通报) as .docx."""

from qms.core.documents.docx import add_heading, add_paragraph, add_table, document_bytes, new_document


def _num(value) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def build_monthly_notice_docx(context: dict) -> bytes:
    document = new_document(header_text=context["organisation"])
    add_paragraph(document, f"{context['organisation']}", size=14, bold=True, align="center")
    add_paragraph(document, f"关于{context['month']}窗口考评情况的通报", size=18, bold=True, align="center",
                  east_asian="黑体")
    add_paragraph(document, "各进驻部门、各窗口：")
    rate = _num(context["satisfaction_rate"])
    add_paragraph(document, (
        f"{context['month']}，中心共收到办事群众“一事一评”评价 {context['ratings']} 件，满意率 {rate}%"
        f"（目标 {_num(context['target'])}%），不满意评价 {context['dissatisfied']} 件；受理投诉 "
        f"{context['complaints']} 件，经调查属实 {context['substantiated']} 件。现将本月窗口考评结果通报如下。"))
    add_heading(document, "一、考评排名", level=2)
    header = ["名次", "窗口"] + context["criteria"] + ["总分", "评价数", "满意率"]
    rows = [[r["rank"] or "—", r["window"] + (" ★" if r["red_flag"] else "")] + [_num(s) for s in r["scores"]]
            + [_num(r["total"]), r["ratings"], _num(r["satisfaction_rate"]) + ("%" if r["satisfaction_rate"] is not None else "")]
            for r in context["rows"]]
    add_table(document, header, rows, font_size=8)
    add_paragraph(document, context["rule"], size=9)
    add_heading(document, "二、流动红旗", level=2)
    if context["red_flag"]:
        add_paragraph(document, f"经综合考评，{context['red_flag']}本月总分第一，授予“流动红旗”，予以通报表扬。")
    else:
        add_paragraph(document, "本月无窗口获得流动红旗。")
    add_heading(document, "三、扣分情况", level=2)
    notes = [r for r in context["rows"] if r["notes"]]
    for r in notes:
        add_paragraph(document, f"{r['window']}：{r['notes']}。")
    if not notes:
        add_paragraph(document, "本月各窗口无扣分事项。")
    add_heading(document, "四、工作要求", level=2)
    add_paragraph(document, "各窗口要对照考评标准查找不足，对不满意评价和属实投诉逐件分析原因、落实整改，"
                            "持续提升服务质量。")
    add_paragraph(document, context["organisation"], align="right")
    return document_bytes(document)
