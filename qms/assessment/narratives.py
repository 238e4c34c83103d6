"""The narratives of the 自评报告 and the 工作总结, section by section: one table naming each
section (the Assessment field that holds it, its document, its title) and the composer that
drafts it from the records (`narrative_records`). Composers are pure: records dict -> text,
one paragraph per line. The office edits the draft; every save is in the assessment's history.

A section counts as unfinished while it is empty or still holds a 【请补充…】 placeholder; a
final dossier is refused until none is."""

from collections.abc import Callable
from dataclasses import dataclass

from qms.core.errors import ApplicationError

PLACEHOLDER = "【请补充"
REPORT, SUMMARY = "自评报告", "工作总结"


@dataclass(frozen=True)
class NarrativeSection:
    key: str  # the Assessment field
    document: str
    title: str
    compose: Callable[[dict], str]


def is_unfinished(text: str) -> bool:
    return not (text or "").strip() or PLACEHOLDER in text


def _figure(records: dict, key: str) -> str:
    """'标准覆盖率 96.0%（240/250）' from the registry's value, numerator and denominator."""
    f = records["figures"].get(key)
    if f is None or not f["measured"]:
        return ""
    ratio = f"（{f['numerator']:g}/{f['denominator']:g}）" if f["numerator"] is not None and f["denominator"] else ""
    return f"{f['label']} {f['text']}{ratio}"


def _figures(records: dict, *keys: str) -> str:
    return "，".join(text for text in (_figure(records, k) for k in keys) if text)


def _below_target(records: dict) -> list[dict]:
    return [f for f in records["figures"].values() if f["met"] is False]


def overview(r: dict) -> str:
    org = r["org"]
    return "\n".join([
        f"{org['name']}承担“{org['pilot_project'] or '服务业标准化试点'}”任务，试点期限 {org['pilot_period']}，"
        f"项目负责人 {org['project_lead'] or '—'}。",
        f"中心进驻部门 {r['departments']} 个，纳入标准化管理的工作人员 {r['staff']} 名；梳理政务服务事项 "
        f"{r['items']['total']} 项，其中 {r['items']['covered']} 项已有现行办理规程。",
    ])


def work_done(r: dict) -> str:
    return "\n".join([system(r), implementation(r), improvement(r)])


def results(r: dict) -> str:
    lines = []
    for f in r["figures"].values():
        if not f["measured"] or f["unit"] != "%":
            continue
        reached = {True: "达到目标", False: "未达到目标", None: ""}[f["met"]]
        ratio = f"（{f['numerator']:g}/{f['denominator']:g}）" if f["numerator"] is not None and f["denominator"] else ""
        target = f"，目标 {f['target']}，{reached}" if f["target"] != "—" else ""
        lines.append(f"{f['label']} {f['text']}{ratio}{target}。")
    score = r["score"]
    lines.append(f"对照计分表自评得分 {score['total']} 分（合格线 {score['pass_line']} 分），"
                 f"{'达到' if score['passed'] else '未达到'}合格线。")
    return "\n".join(lines)


def problems(r: dict) -> str:
    lines = [f"{f['label']} {f['text']}，低于目标 {f['target']}。" for f in _below_target(r)]
    lines += [f"计分表第 {g['code']} 项“{g['title']}”失 {g['shortfall']} 分。" for g in r["score"]["gaps"][:5]]
    overdue = r["figures"].get("overdue_ca")
    if overdue and overdue["measured"] and overdue["text"] not in ("0 项", "—"):
        lines.append(f"{overdue['label']} {overdue['text']}。")
    return "\n".join(lines) or "对照计分表和各项指标自查，未发现需要整改的问题。"


def improvement_plan(r: dict) -> str:
    lines = [f"提升{f['label']}至目标 {f['target']} 以上，明确责任部门和完成时限。" for f in _below_target(r)]
    lines += [f"补齐第 {g['code']} 项“{g['title']}”的实施记录和证据。" for g in r["score"]["gaps"][:5]]
    lines.append("按年度计划开展内部审核、管理评审和标准复审，持续改进。")
    return "\n".join(lines)


def organisation(r: dict) -> str:
    org = r["org"]
    text = (f"（一）加强组织领导。中心标准化办公室负责试点日常工作，项目负责人 {org['project_lead'] or '—'}；"
            f"{r['departments']} 个进驻部门的 {r['staff']} 名工作人员纳入标准化管理。")
    return text + _leading_group(r.get("leadership") or {}, r["year"])


def _leading_group(g: dict, year: int) -> str:
    """The leading group, its office, meetings and plans (qms.leadership), when recorded."""
    if not g:
        return ""
    parts = [f"成立{g['group']}" + (f"，{g['leader']}任组长" if g["leader"] else "") + f"，成员 {g['members']} 名"]
    if g["office"]:
        parts.append(f"下设{g['office']}（{g['office_members']} 人）负责日常工作")
    if g["meetings"]:
        parts.append(f"{year} 年召开领导小组会议 {g['meetings']} 次")
    plans = "".join(f"《{t}》" for t in (g["scheme"], g["plan"]) if t)
    if plans:
        parts.append(f"制定{plans}" + (f"，{g['targets']} 项工作目标分解到责任部门" if g["targets"] else ""))
    return "".join(["", "；".join(parts), "。"])


def system(r: dict) -> str:
    s = r["standards"]
    systems = "、".join(f"{name} {n} 项" for name, n in s["systems"])
    return (f"（二）构建标准体系。现行标准 {s['in_force']} 项（{systems}），其中自制标准 {s['in_house']} 项、"
            f"采用标准 {s['adopted']} 项；{r['year']} 年制定或修订自制标准 {s['drafted']} 项，另有 {s['planned']} 项"
            f"列入计划；{r['items']['covered']} 个服务事项有现行办理规程。{_figures(r, 'system_completeness', 'coverage')}。")


def implementation(r: dict) -> str:
    t = r["trainings"]
    return (f"（三）抓好标准实施。{r['year']} 年举办标准宣贯培训 {t['sessions']} 场，应参训 {t['expected']} 人次、"
            f"实际参训 {t['attended']} 人次。"
            f"{_figures(r, 'training_rate', 'acknowledgement_rate', 'implementation_rate')}。")


def improvement(r: dict) -> str:
    a, e = r["audits"], r["evaluation"]
    lines = [f"（四）开展评价改进。{r['year']} 年完成内部审核 {a['held']} 次，发现不符合项 {a['findings']} 项、"
             f"已关闭 {a['closed']} 项；受理投诉 {e['complaints']} 件、已答复 {e['replied']} 件；召开管理评审 "
             f"{e['reviews']} 次。{_figures(r, 'satisfaction_rate', 'ca_closed_on_time', 'complaints_on_time')}。"]
    return "\n".join(lines + improvement_register(r))


def improvement_register(r: dict) -> list[str]:
    """The 持续改进 register of the year, one line per improvement with its figure before and after."""
    items = r.get("improvements") or []
    if not items:
        return []
    done = sum(i["done"] for i in items)
    lines = [f"{r['year']} 年登记持续改进 {len(items)} 项，已完成 {done} 项，实施中 {len(items) - done} 项："]
    for n, i in enumerate(items, start=1):
        unit = "%" if i["unit"] == "%" else ""
        figure = (f"，{i['figure']}由 {i['before']}{unit} 到 {i['after']}{unit}"
                  if i["figure"] and (i["done"] or i["after"] != "—") else
                  f"，{i['figure']}改进前 {i['before']}{unit}" if i["figure"] else "")
        state = "已完成" if i["done"] else "实施中"
        lines.append(f"{n}. {i['number']} {i['title']}（{state}{figure}）。")
    return lines


def outlook(r: dict) -> str:
    return "\n".join(["存在问题：", problems(r), "下一步打算：", improvement_plan(r)])


NARRATIVES = [
    NarrativeSection("overview", REPORT, "一、基本情况", overview),
    NarrativeSection("work_done", REPORT, "二、主要工作", work_done),
    NarrativeSection("results", REPORT, "三、取得成效", results),
    NarrativeSection("problems", REPORT, "七、存在问题", problems),
    NarrativeSection("improvement_plan", REPORT, "八、改进计划", improvement_plan),
    NarrativeSection("summary_organisation", SUMMARY, "二（一）加强组织领导", organisation),
    NarrativeSection("summary_system", SUMMARY, "二（二）构建标准体系", system),
    NarrativeSection("summary_implementation", SUMMARY, "二（三）抓好标准实施", implementation),
    NarrativeSection("summary_improvement", SUMMARY, "二（四）开展评价改进", improvement),
    NarrativeSection("summary_outlook", SUMMARY, "四、存在问题和下一步打算", outlook),
]
NARRATIVE_KEYS = [section.key for section in NARRATIVES]


def narrative_section(key: str) -> NarrativeSection:
    for section in NARRATIVES:
        if section.key == key:
            return section
    raise ApplicationError(f"没有这一段：{key}")


def narratives_unfinished(assessment) -> list[NarrativeSection]:
    """The sections still empty or holding a placeholder."""
    return [section for section in NARRATIVES if is_unfinished(getattr(assessment, section.key))]
