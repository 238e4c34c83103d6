"""The procedure standard (项目办理规程) of one item, as an in-house standard laid out after
GB/T 1.1-2020: cover (with the 代替 line), 目次, 前言, then 1 范围, 2 规范性引用文件, 3 术语和定义,
4 设定依据 … 11 监督与投诉; the number in the header, page numbers in the footer. A pure renderer:
plain context (selectors.item_document_context) -> .docx bytes."""

from functools import lru_cache

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from qms.core.documents.docx import (
    HEADING_FONT,
    add_paragraph,
    add_table,
    add_text,
    body_text,
    document_bytes,
    new_document,
    paragraph_like,
)
from qms.core.documents.gbt11 import (
    Cover,
    add_clause_title,
    add_contents,
    add_cover,
    add_foreword,
    add_references_and_terms,
    foreword_lines,
)

from .flowchart import flowchart_boxes

NO_DATE = "××××-××-××"


def limit_text(days) -> str:
    if days is None:
        return "无法定时限"
    return "当场办结（即办）" if days == 0 else f"{days}个工作日"


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else NO_DATE


CHAPTERS = ["1  范围", "2  规范性引用文件", "3  术语和定义", "4  设定依据", "5  办理主体与授权", "6  申请条件",
            "7  申请材料", "8  办理程序", "9  办理时限", "10  收费", "11  监督与投诉"]
TERMS = [("承诺办结时限", "中心向申请人承诺的、自受理之日起至办结之日止的工作日数，不超过法定办结时限。")]


def _cover(document, context):
    data = context["data"]
    add_cover(document, Cover(prefix=context["prefix"], organisation=context["organisation"],
                              number=context["number"], title=context["title"], replaces=context.get("replaces", ""),
                              published_on=_date(context["published_on"]), effective_on=_date(context["effective_on"]),
                              subtitle=f"（{data['department']} · 事项编码 {data['code']}）"))


def _foreword(document, context):
    data, org = context["data"], context["organisation"]
    replaces = context.get("replaces", "")
    add_foreword(document, foreword_lines(
        organisation=org, replaces=replaces if replaces != context["number"] else "",
        changes=["依据事项目录的最新登记数据更新了申请材料、办理程序、办理时限和收费。"],
        basis=f"本文件依据{org}服务事项目录中“{data['name']}”（事项编码 {data['code']}）的登记数据编制；"
              "事项数据变更时，本文件随之修订。",
        drafting_unit=data["department"], drafters=context.get("drafters", "")))


def _box(document, lines: list[str], *, terminal: bool):
    """A bordered, centred paragraph: one box of the flowchart."""
    add_text(paragraph_like(document, _box_properties(terminal)), " ".join(lines), size=10.5)


@lru_cache(maxsize=2)
def _box_properties(terminal: bool):
    """An empty box paragraph (written once, then copied)."""
    para = Paragraph(OxmlElement("w:p"), None)
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "double" if terminal else "single")
        edge.set(qn("w:sz"), "8")
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), "1F4E8C")
        borders.append(edge)
    para._p.get_or_add_pPr().append(borders)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.left_indent = para.paragraph_format.right_indent = Cm(4)
    para.paragraph_format.keep_with_next = True
    return para._p


def _flowchart(document, steps):
    boxes = flowchart_boxes(steps)
    for index, box in enumerate(boxes):
        _box(document, box["lines"], terminal=box["kind"] == "terminal")
        if index < len(boxes) - 1:
            add_text(paragraph_like(document, _arrow_properties()), "↓", size=14, bold=False)


@lru_cache(maxsize=1)
def _arrow_properties():
    """An empty arrow paragraph between two boxes, centred and kept with the next (written once, then copied)."""
    para = Paragraph(OxmlElement("w:p"), None)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.keep_with_next = True
    return para._p


def _numbered(document, prefix: str, lines: list[str]):
    for index, text in enumerate(lines, start=1):
        add_paragraph(document, f"{prefix}.{index}  {text}")


def _chapter(document, number: int):
    add_clause_title(document, CHAPTERS[number - 1])


def _body(document, context):
    data, org = context["data"], context["organisation"]
    add_paragraph(document, context["title"], size=16, align="center", east_asian=HEADING_FONT)
    _chapter(document, 1)
    add_paragraph(document, f"本标准规定了{data['department']}“{data['name']}”事项（{data['type']}）的设定依据、"
                            "办理主体与授权、申请条件、申请材料、办理程序、办理时限、收费以及监督与投诉要求。")
    add_paragraph(document, f"本标准适用于{org}{data['window'] or data['department']}办理该事项。")
    if data["parent"]:
        add_paragraph(document, f"本事项为“{data['parent']}”的办理项。")
    add_references_and_terms(document, references=[], terms=TERMS)
    _chapter(document, 4)
    bases = [f"《{b['name']}》{b['article']}" for b in data["bases"]]
    _numbered(document, "4", bases or ["本事项无专门的法律法规设定依据，按本中心公共服务事项管理。"])
    _chapter(document, 5)
    _numbered(document, "5", [f"实施主体：{data['implementing_body']}。", f"实施部门：{data['department']}。",
                              f"办理窗口：{data['window'] or data['department']}。",
                              f"授权形式：{data['authorisation']}。", f"事项类型：{data['type']}。"])
    _chapter(document, 6)
    conditions = [line.strip() for line in (data["conditions"] or "").splitlines() if line.strip()]
    _numbered(document, "6", conditions or ["符合法律法规规定条件的公民、法人或者其他组织均可申请。"])
    _materials(document, data)
    _procedure(document, data)
    _chapter(document, 9)
    _numbered(document, "9", [f"法定办结时限：{limit_text(data['statutory_limit'])}。",
                              f"承诺办结时限：{limit_text(data['promised_limit'])}。",
                              f"办件类型：{data['case_kind']}。",
                              "办理时限自受理之日起计算，以工作日计；依法需要听证、招标、拍卖、检验、检测、"
                              "检疫、鉴定和专家评审的，所需时间不计算在办理时限内，并书面告知申请人。"])
    _fees(document, data)
    _chapter(document, 11)
    _numbered(document, "11", [f"咨询电话：{data['advice_phone'] or '—'}。",
                              f"投诉电话：{data['complaint_phone'] or '—'}。",
                              "窗口工作人员执行首问负责制、一次性告知制和限时办结制；超过承诺时限未办结的，"
                              "申请人可向中心投诉，中心按投诉处理规范办理并答复。"])


def _materials(document, data):
    _chapter(document, 7)
    add_paragraph(document, "7.1  申请人应提交表 1 所列材料。")
    rows = [(i, m["name"], m["form"], m["copies"], m["source"],
             "必要" if m["required"] else f"视情形提交{('：' + m['condition']) if m['condition'] else ''}")
            for i, m in enumerate(data["materials"], start=1)]
    add_paragraph(document, "表 1  申请材料清单", bold=True, align="center", east_asian=HEADING_FONT)
    add_table(document, ["序号", "材料名称", "材料形式", "份数", "来源渠道", "提交要求"],
              rows or [("—", "无需提交材料", "", "", "", "")], widths_cm=[1.2, 5.5, 2.2, 1.2, 3, 3.5])
    add_paragraph(document, "7.2  申请材料齐全、符合法定形式的，窗口应当场受理；材料不齐全或不符合法定形式的，"
                            "应当场一次性告知需要补正的全部内容。")


def _procedure(document, data):
    _chapter(document, 8)
    add_paragraph(document, "8.1  办理环节见表 2。")
    rows = [(i, s["name"], s["description"], s["responsible"], limit_text(s["time_limit"]))
            for i, s in enumerate(data["steps"], start=1)]
    add_paragraph(document, "表 2  办理环节", bold=True, align="center", east_asian=HEADING_FONT)
    add_table(document, ["序号", "环节", "办理要求", "责任岗位", "时限"],
              rows or [("—", "受理即办结", "", "", "")], widths_cm=[1.2, 3, 6.5, 3, 2.8])
    add_paragraph(document, "8.2  办理流程见图 1。")
    _flowchart(document, data["steps"])
    add_paragraph(document, "图 1  办理流程图", bold=True, align="center", east_asian=HEADING_FONT)


def _fees(document, data):
    _chapter(document, 10)
    if not data["fees"]:
        add_paragraph(document, "10.1  本事项不收费。")
        return
    add_paragraph(document, "10.1  本事项按表 3 收费，窗口应出具财政票据。")
    add_table(document, ["序号", "收费项目", "收费标准", "收费依据"],
              [(i, f["name"], f["standard"], f["basis"]) for i, f in enumerate(data["fees"], start=1)],
              widths_cm=[1.2, 4, 5, 6.5])


def _document(context: dict):
    document = new_document(header_text=context["number"])
    _cover(document, context)
    add_contents(document, [("前言", None), *((title, None) for title in CHAPTERS)])
    _foreword(document, context)
    _body(document, context)
    return document


def render_procedure_standard(context: dict) -> bytes:
    return document_bytes(_document(context))


def render_procedure_standard_with_text(context: dict) -> tuple[bytes, str]:
    """The document and its text as `document_text` reads it back (taken before saving: the
    generator stores both without parsing the file again)."""
    document = _document(context)
    return document_bytes(document), body_text(document)
