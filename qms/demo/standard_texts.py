"""From the fixture entries (management standards, service items, posts) to one shape, `InHouse`,
and from an `InHouse` edition to the printable `StandardText`. Pure: no ORM, no files."""

import datetime as dt
import zlib
from dataclasses import dataclass, field

from standards.catalog.rules import procedure_title

from .documents import StandardText

PROCEDURE_EXEMPTION = "依据经批准的政务服务事项目录编制的办理规程"
KIND_TERMS = {
    True: ("即办件", "申请材料齐全、符合法定形式，窗口当场办结的事项。"),
    False: ("承诺件", "窗口受理后在承诺时限内办结的事项。"),
}


@dataclass
class InHouse:
    code: str
    name: str
    scope: str = ""
    applies: str = ""
    refs: list[str] = field(default_factory=list)
    terms: list[tuple[str, str]] = field(default_factory=list)
    chapters: list[tuple[str, list[str]]] = field(default_factory=list)
    drafting: str = "ZX-BZH"
    responsible: str = "ZX-BZH"
    applicable: str = "ALL"
    year: int = 2024
    earlier: dict | None = None
    withdraw: dict | None = None
    plan: str = ""
    target: str = ""
    owner: str = ""
    notes: str = ""
    exempt_reason: str = ""  # why publication needs no in-house approval round

    @property
    def node_code(self) -> str:
        return self.code.split("-", 1)[0]


def number_of(prefix: str, code: str, year: int) -> str:
    """Q/XZFW 301.03-2024 for code 301-03 published in 2024."""
    return f"{prefix} {code.replace('-', '.')}-{year}"


def default_year(code: str) -> int:
    """A stable spread of publication years over the in-house standards."""
    return (2023, 2024, 2024, 2025)[zlib.crc32(code.encode()) % 4]


def edition_dates(code: str, year: int) -> tuple[dt.date, dt.date]:
    """Plausible, stable publication and effective dates within `year`."""
    seed = zlib.crc32(f"{code}/{year}".encode())
    published = dt.date(year, 1 + seed % 10, 1 + (seed >> 8) % 28)
    return published, published + dt.timedelta(days=15 + (seed >> 16) % 30)


def management(entry: dict) -> InHouse:
    year = entry.get("year") or (2024 if entry.get("earlier") else default_year(entry["code"]))
    return InHouse(
        code=entry["code"], name=entry["name"], scope=entry.get("scope", ""), applies=entry.get("applies", ""),
        refs=entry.get("refs", []), terms=[tuple(t) for t in entry.get("terms", [])],
        chapters=[(title, items) for title, items in entry.get("sections", [])],
        drafting=entry.get("drafting", "ZX-BZH"), responsible=entry.get("responsible", "ZX-BZH"),
        applicable=entry.get("applicable", "ALL"), year=year, earlier=entry.get("earlier"),
        withdraw=entry.get("withdraw"), plan=entry.get("plan", ""), target=entry.get("target", ""),
        owner=entry.get("owner", ""), notes=entry.get("notes", ""),
    )


def service_item(item: dict, department: dict) -> InHouse:
    """A procedure standard (项目办理规程) built from one catalogue row of the item."""
    on_the_spot = item["promised"] == 0
    dept = department.get("name", item["dept"])
    window = department.get("window", "")
    steps = [
        "受理：窗口对申请材料进行形式审查，材料齐全、符合法定形式的予以受理并出具受理通知书；"
        "材料不齐全的，出具一次性告知单，一次性告知需补正的全部内容。",
        "审查：窗口审核人员当场审查，符合条件的当场作出决定。" if on_the_spot else
        f"审查：审批人员在受理后{max(1, item['promised'] // 2)}个工作日内完成审查，需补正材料的一次性告知。",
    ]
    if item.get("site_check"):
        steps.append("现场核查：需要现场核查的，在受理后2个工作日内组织不少于2名工作人员核查，并制作现场核查记录。")
    steps += [
        "决定：首席代表按授权签署办理意见；不予办理的，书面说明理由并告知申请人依法享有申请行政复议或者提起行政诉讼的权利。",
        f"送达：办理结果（{item['result']}）可在{dept}窗口领取，也可选择免费邮寄送达。",
    ]
    speedup = 100 * (item["statutory"] - item["promised"]) / item["statutory"]
    promised = "当场办结（即办件）" if on_the_spot else f"{item['promised']}个工作日（承诺件）"
    return InHouse(
        code=item["code"], name=procedure_title(item["item"]),
        scope=f"{item['item']}的办理主体、设立依据、申请条件、申报材料、办理程序、收费标准和承诺时限",
        applies=f"中心{dept}窗口受理的{item['item']}",
        refs=["GB/T 32169.3-2015", "301-03", "301-08", "301-09"], terms=[KIND_TERMS[on_the_spot]],
        chapters=[
            ("办理主体与设立依据", [
                f"办理主体：{dept}（进驻中心{window}）。",
                "设立依据：" + "；".join(item["basis"]) + "。",
                f"事项类型：{item['type']}。",
            ]),
            ("申请条件与申报材料", [
                f"申请条件：{item['conditions']}",
                "申报材料：\n" + "\n".join(
                    f"{chr(ord('a') + i)}) {m}{'。' if i == len(item['materials']) - 1 else '；'}"
                    for i, m in enumerate(item["materials"])
                ),
            ]),
            ("办理程序", steps),
            ("收费与时限", [
                f"收费标准：{item['fee']}。",
                f"法定时限：{item['statutory']}个工作日；承诺时限：{promised}；提速率{speedup:.0f}%。",
                f"咨询电话：{department.get('phone', '')}；监督电话：0796-8123003（中心督查科）。",
            ]),
        ],
        drafting=item["dept"], responsible=item["dept"], applicable=item["dept"], year=2024,
        exempt_reason=PROCEDURE_EXEMPTION,
    )


def post(entry: dict) -> InHouse:
    """A work standard (岗位工作标准) for one post."""
    return InHouse(
        code=entry["code"], name=f"{entry['post']}岗位工作标准",
        scope=f"{entry['post']}岗位的职责、任职条件、工作关系和考核要求",
        applies=f"中心{entry['post']}岗位的工作及其考核",
        refs=["208-01", "208-02"],
        chapters=[
            ("岗位职责", entry["duties"]),
            ("任职条件", entry["qualifications"] + ["上岗前须接受岗前培训，经考核合格后上岗。"]),
            ("工作关系", [f"直接上级：{entry['reports_to']}。"]),
            ("考核", [entry["assessment"]]),
        ],
        drafting=entry["department"], responsible=entry["department"],
        applicable=entry.get("applicable", entry["department"]), year=2024,
    )


def numbered_chapters(spec: InHouse, variant: dict | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Chapters with clause numbers (4.1, 4.2, 5.1 …). `variant` (an `earlier` entry) replaces
    clauses by number (`change`) and leaves some out (`drop`), giving an older edition's text."""
    change = (variant or {}).get("change", {})
    drop = set((variant or {}).get("drop", []))
    chapters = []
    for number, (title, items) in enumerate(spec.chapters, start=4):
        clauses = []
        for index, item in enumerate(items, start=1):
            clause_no = f"{number}.{index}"
            if clause_no in drop:
                continue
            clauses.append((clause_no, change.get(clause_no, item)))
        chapters.append((title, clauses))
    return chapters


def foreword(*, org_name: str, drafting_name: str, drafters: str, replaces: str = "",
             replaced_name: str = "", variant: dict | None = None) -> list[str]:
    lines = ["本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。"]
    if replaces:
        lines.append(f"本文件代替{replaces}《{replaced_name}》，与{replaces}相比，主要技术变化如下：")
        lines += [f"——修改了{no}的要求（见{no}）；" for no in sorted((variant or {}).get("change", {}))]
        lines += [f"——增加了{no}的要求（见{no}）；" for no in sorted((variant or {}).get("drop", []))]
    lines += [
        f"本文件由{org_name}标准化办公室提出并归口。",
        f"本文件起草单位：{drafting_name}。",
    ]
    if drafters:
        lines.append(f"本文件主要起草人：{drafters}。")
    return lines


def standard_text(*, spec: InHouse, org_name: str, prefix: str, number: str, published: dt.date,
                  effective: dt.date, references: list[str], chapters, foreword_lines) -> StandardText:
    return StandardText(
        org_name=org_name, prefix=prefix, number=number, name=spec.name,
        published_on=published.isoformat(), effective_on=effective.isoformat(),
        scope=spec.scope, applies=spec.applies, references=references, terms=spec.terms,
        chapters=chapters, foreword=foreword_lines,
    )
