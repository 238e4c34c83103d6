"""The monthly notice of window assessment (窗口考评月通报) as .docx, in official-document form
(GB/T 9704): 文号 from the 发文登记, 主送, 正文 with the results, the ranking as 附件."""

from qms.core.documents.docx import add_table, document_bytes, section_landscape
from qms.core.documents.official import OfficialNotice, add_attachment, official_notice

ATTACHMENT = "窗口考评排名表"


def _num(value) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _paragraphs(context: dict) -> list[str]:
    rate = _num(context["satisfaction_rate"])
    lines = [
        f"{context['month']}，中心共收到办事群众“一事一评”评价{context['ratings']}件，满意率{rate}%"
        f"（目标{_num(context['target'])}%），不满意评价{context['dissatisfied']}件；受理投诉"
        f"{context['complaints']}件，经调查属实{context['substantiated']}件。现将本月窗口考评结果通报如下。",
        "一、考评排名",
        f"本月参加考评窗口{len(context['rows'])}个，各窗口得分及排名见附件。{context['rule']}",
        "二、流动红旗",
        (f"经综合考评，{context['red_flag']}本月总分第一，授予“流动红旗”，予以通报表扬。" if context["red_flag"]
         else "本月无窗口获得流动红旗。"),
        "三、扣分情况",
    ]
    notes = [f"{r['window']}：{r['notes']}。" for r in context["rows"] if r["notes"]]
    lines += notes or ["本月各窗口无扣分事项。"]
    lines += ["四、工作要求", "各窗口要对照考评标准查找不足，对不满意评价和属实投诉逐件分析原因、落实整改，持续提升服务质量。"]
    return lines


def _ranking(context: dict) -> tuple[list[str], list[list]]:
    header = ["名次", "窗口"] + context["criteria"] + ["总分", "评价数", "满意率"]
    rows = [[r["rank"] or "—", r["window"] + ("（流动红旗）" if r["red_flag"] else "")]
            + [_num(s) for s in r["scores"]]
            + [_num(r["total"]), r["ratings"],
               _num(r["satisfaction_rate"]) + ("%" if r["satisfaction_rate"] is not None else "")]
            for r in context["rows"]]
    return header, rows


def build_monthly_notice_docx(context: dict) -> bytes:
    notice = OfficialNotice(
        issuer=context["organisation"], number=context["document_number"],
        title=f"关于{context['month']}窗口考评情况的通报", recipients="各进驻部门、各窗口",
        paragraphs=_paragraphs(context), date=context["issued_on"], attachments=[ATTACHMENT])
    document = official_notice(notice)
    header, rows = _ranking(context)
    wide = len(header) > 8
    if wide:
        section_landscape(document.add_section())
    add_attachment(document, 1, ATTACHMENT, new_page=not wide)
    add_table(document, header, rows, font_size=9)
    return document_bytes(document)
