"""发布通知: the notice that publishes an approved edition, in official-document form (GB/T 9704:
文号 from the 发文登记, 主送, 正文, 附件 with the standard's particulars, 署名 and 成文日期).
Context: `selectors.publication_notice_context`."""

from qms.core.documents.docx import add_table, document_bytes
from qms.core.documents.official import OfficialNotice, add_attachment, official_notice

ATTACHMENT = "标准发布信息表"


def build_publication_notice_docx(context: dict) -> bytes:
    replaces = f"，代替{context['replaces']}" if context["replaces"] else ""
    since = f"自{context['effective_on']}起实施" if context["effective_on"] else "自发布之日起实施"
    body = (f"经审核、批准，现发布《{context['title']}》（{context['number']}）{replaces}，{since}。"
            "请各科室、各进驻部门组织本部门人员认真学习，在系统中完成学习确认，并严格按照标准要求开展工作。")
    paragraphs = [body]
    if context["approved_by"]:
        paragraphs.append(f"本标准由{context['approved_by']}批准。")
    notice = OfficialNotice(
        issuer=context["organisation"], number=context["document_number"],
        title=f"关于发布《{context['title']}》的通知", recipients="各科室、各进驻部门窗口",
        paragraphs=paragraphs, date=context["issued_on"], attachments=[ATTACHMENT])
    document = official_notice(notice)
    add_attachment(document, 1, ATTACHMENT)
    rows = [["标准编号", context["number"]], ["标准名称", context["title"]],
            ["体系表编号", context["code"]], ["代替标准号", context["replaces"] or "—"],
            ["发布日期", context["published_on"] or "—"], ["实施日期", context["effective_on"] or "—"],
            ["归口部门", context["responsible"] or "—"],
            ["适用部门", "、".join(context["departments"]) or "全中心"]]
    add_table(document, ["项目", "内容"], rows, widths_cm=[3.5, 12], font_size=12)
    return document_bytes(document)
