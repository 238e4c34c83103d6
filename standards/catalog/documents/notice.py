"""The one-time notice (一次性告知单) of one item: an A4 form the window gives the applicant, naming
the applicant, the item and the date, every material with 已提交 / 需补正 boxes and what is wrong,
the deadline for 补正 and both sides' signatures. Blank (to fill in by hand) or filled from an
issue record. Pure: plain contexts (selectors.item_document_context, notice_issue_context) -> bytes."""

from docx.shared import Cm

from qms.core.documents.dates import BLANK_DATE, cn_date
from qms.core.documents.docx import HEADING_FONT, add_paragraph, add_table, document_bytes, new_document

from .procedure import limit_text

TICKED, EMPTY = "■", "□"


def _fees_text(fees: list[dict]) -> str:
    if not fees:
        return "不收费"
    return "；".join(f"{f['name']} {f['standard']}" for f in fees)


def _entries(data: dict, issue: dict | None) -> list[dict]:
    """The materials as recorded on the issue (submitted True/False), or the item's, unticked."""
    if issue:
        return issue["materials"]
    return [{"name": m["name"], "submitted": None, "problem": ""} for m in data["materials"]]


def _material_rows(data: dict, issue: dict | None) -> list[tuple]:
    info = {m["name"]: m for m in data["materials"]}
    rows = []
    for index, entry in enumerate(_entries(data, issue), start=1):
        material = info.get(entry["name"])
        need = ""
        if material:
            need = "必要" if material["required"] else f"视情形：{material['condition'] or '按需提交'}"
            need = f"{material['form']}，{material['copies']}份；{need}"
        done, missing = entry["submitted"] is True, entry["submitted"] is False
        rows.append((index, entry["name"], need, f"{TICKED if done else EMPTY}已提交",
                     f"{TICKED if missing else EMPTY}需补正", entry["problem"] if missing else ""))
    return rows or [("—", "无需提交材料", "", "", "", "")]


def _heading(document, context: dict, issue: dict | None):
    data = context["data"]
    add_paragraph(document, context["organisation"], size=12, align="center")
    add_paragraph(document, "一次性告知单", size=20, bold=True, align="center", east_asian=HEADING_FONT)
    add_paragraph(document, f"编号：{issue['number'] if issue else '　' * 8}", size=9, align="right")
    applicant = issue["applicant"] if issue else ""
    contact = issue["contact"] if issue else ""
    add_table(document, ["项目", "内容", "项目", "内容"], [
        ("申请人", applicant, "联系电话", contact),
        ("服务事项", f"{data['name']}（{data['code']}）", "告知日期", cn_date(issue["issued_on"]) if issue else BLANK_DATE),
        ("办理窗口", data["window"] or data["department"], "收费", _fees_text(data["fees"])),
        ("法定时限", limit_text(data["statutory_limit"]), "承诺时限", limit_text(data["promised_limit"])),
        ("咨询电话", data["advice_phone"] or "—", "投诉电话", data["complaint_phone"] or "—"),
    ], widths_cm=[2.4, 6.4, 2.4, 6.2], font_size=10)


def render_notice(context: dict, issue: dict | None = None) -> bytes:
    data = context["data"]
    document = new_document(footer_page_numbers=False)
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.6)
    section.left_margin = section.right_margin = Cm(1.8)
    _heading(document, context, issue)
    add_paragraph(document, f"您申请办理的事项需提交以下材料（共{len(_entries(data, issue))}项），经窗口核对，情况如下：",
                  bold=True, east_asian=HEADING_FONT)
    add_table(document, ["序号", "材料名称", "形式、份数及要求", "已提交", "需补正", "需补正的内容"],
              _material_rows(data, issue), widths_cm=[1.1, 5.2, 3.8, 1.9, 1.9, 3.5], font_size=9.5)
    deadline = cn_date(issue["deadline"]) if issue and issue["deadline"] else BLANK_DATE
    missing = bool(issue) and any(not m["submitted"] for m in issue["materials"])
    if issue and not missing:
        add_paragraph(document, "材料齐全，窗口当场受理。", size=10.5)
    else:
        add_paragraph(document, f"请于{deadline}前补正上述标注“需补正”的材料。补正齐全后窗口即予受理；"
                                "逾期未补正的，视为撤回申请。", size=10.5)
    add_paragraph(document, "本告知单所列为办理本事项需要的全部材料，窗口不会要求您提交告知单以外的材料。"
                            "如有疑问请拨打咨询电话，对服务不满意请拨打投诉电话。", size=9)
    add_paragraph(document)
    issuer = issue["issued_by"] if issue else ""
    add_table(document, ["告知窗口（盖章）", "告知人（签字）", "申请人（签字）"],
              [("", issuer, ""), (f"日期：{BLANK_DATE}", f"日期：{BLANK_DATE}", f"日期：{BLANK_DATE}")],
              widths_cm=[5.8, 5.8, 5.8], font_size=10)
    return document_bytes(document)
