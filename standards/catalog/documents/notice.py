"""The one-time notice (一次性告知单) of one item: one printable A4 page for the window listing
everything the applicant must bring, with counter, limits, fees and phone numbers.
Pure: plain context (selectors.item_document_context) -> .docx bytes."""

from docx.shared import Cm

from qms.core.documents.docx import HEADING_FONT, add_paragraph, add_table, document_bytes, new_document

from .procedure import limit_text


def _fees_text(fees: list[dict]) -> str:
    if not fees:
        return "不收费"
    return "；".join(f"{f['name']} {f['standard']}" for f in fees)


def render_notice(context: dict) -> bytes:
    data = context["data"]
    document = new_document(footer_page_numbers=False)
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.6)
    section.left_margin = section.right_margin = Cm(1.8)
    add_paragraph(document, context["organisation"], size=12, align="center")
    add_paragraph(document, "一次性告知单", size=20, bold=True, align="center", east_asian=HEADING_FONT)
    add_paragraph(document, f"事项编码：{data['code']}", size=9, align="right")
    add_table(document, ["项目", "内容", "项目", "内容"], [
        ("事项名称", data["name"], "事项类型", data["type"]),
        ("实施部门", data["department"], "办理窗口", data["window"] or data["department"]),
        ("办件类型", data["case_kind"], "法定时限", limit_text(data["statutory_limit"])),
        ("承诺时限", limit_text(data["promised_limit"]), "收费", _fees_text(data["fees"])),
        ("咨询电话", data["advice_phone"] or "—", "投诉电话", data["complaint_phone"] or "—"),
    ], widths_cm=[2.4, 6, 2.4, 6.6], font_size=10)
    if data["conditions"]:
        add_paragraph(document, "申请条件", bold=True, east_asian=HEADING_FONT)
        add_paragraph(document, data["conditions"].replace("\n", "；"), size=10)
    add_paragraph(document, f"请携带以下全部材料（共 {len(data['materials'])} 项）：", bold=True,
                  east_asian=HEADING_FONT)
    rows = [(i, m["name"], m["form"], m["copies"],
             "必要" if m["required"] else f"视情形：{m['condition'] or '按需提交'}")
            for i, m in enumerate(data["materials"], start=1)]
    add_table(document, ["序号", "材料名称", "形式", "份数", "提交要求"], rows or [("—", "无需提交材料", "", "", "")],
              widths_cm=[1.2, 8, 2.8, 1.4, 4], font_size=10)
    add_paragraph(document, "温馨提示：本告知单所列为办理本事项需要的全部材料，窗口不会要求您提交告知单以外的材料。"
                            "材料齐全的当场受理；如有疑问请拨打咨询电话，对服务不满意请拨打投诉电话。", size=9)
    add_paragraph(document)
    add_paragraph(document, "告知窗口（盖章）：                告知人：              "
                            "申请人签收：              日期：    年  月  日", size=10)
    return document_bytes(document)
