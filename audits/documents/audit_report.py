"""内审报告 (.docx): scope, criteria, team, dates, summary, results by department and by
sub-system, nonconformities with grades, observations (观察项, their own section), conclusion, distribution and signatures."""

from qms.core.documents.docx import (
    add_heading,
    add_paragraph,
    add_table,
    document_bytes,
    new_document,
)


def _lines(document, label: str, values: list[str] | str):
    text = "、".join(values) if isinstance(values, list) else values
    add_paragraph(document, f"{label}：{text or '—'}")


def build_audit_report_docx(context: dict) -> bytes:
    document = new_document(header_text=f"{context['organisation']} 内部审核报告")
    add_paragraph(document, context["organisation"], size=14, align="center")
    add_paragraph(document, "内部审核报告", size=22, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, f"编号：{context['number']}", align="right")

    add_heading(document, "一、审核概况", level=1)
    _lines(document, "审核名称", context["title"])
    _lines(document, "审核目的", context["objectives"])
    _lines(document, "审核范围（部门）", context["scope_departments"])
    _lines(document, "审核范围（子体系）", context["scope_nodes"])
    if context["scope_standards"]:
        _lines(document, "审核范围（标准）", context["scope_standards"])
    _lines(document, "审核准则", context["criteria"])
    _lines(document, "审核日期", f"{context['start_date']} 至 {context['end_date']}")
    add_table(document, ["序号", "姓名", "部门", "审核组职务"],
              [[i, m["name"], m["department"], m["role"]] for i, m in enumerate(context["team"], 1)],
              widths_cm=[1.5, 3.5, 6, 3])

    add_heading(document, "二、审核过程", level=1)
    _lines(document, "首次会议", context["opening_notes"])
    _lines(document, "末次会议", context["closing_notes"])
    _lines(document, "审核综述", context["summary"])

    add_heading(document, "三、检查结果", level=1)
    header = ["检查项数", *context["result_labels"]]
    add_paragraph(document, "（一）按部门", bold=True)
    add_table(document, ["部门", *header], context["results_by_department"])
    add_paragraph(document, "（二）按子体系", bold=True)
    add_table(document, ["子体系", *header], context["results_by_subsystem"])

    add_heading(document, "四、不符合项", level=1)
    counts = "，".join(f"{label} {n} 项" for label, n in context["grade_counts"].items())
    add_paragraph(document, f"本次审核共开具不符合项 {len(context['nonconformities'])} 项（{counts}）。")
    if context["nonconformities"]:
        add_table(document, ["编号", "部门", "标准/条款", "不符合事实", "等级", "状态"],
                  [[n["number"], n["department"], n["standard"], n["description"], n["grade"], n["status"]]
                   for n in context["nonconformities"]], widths_cm=[2.6, 3, 2.6, 5.6, 1.4, 1.6])

    add_heading(document, "五、观察项", level=1)
    observations = context.get("observations", [])
    add_paragraph(document, f"本次审核记录观察项 {len(observations)} 项（观察项不作为不符合项，提请受审部门关注改进）。")
    if observations:
        add_table(document, ["序号", "部门", "标准/条款", "观察到的情况"],
                  [[i, o["department"], o["standard"], o["observation"]] for i, o in enumerate(observations, 1)],
                  widths_cm=[1.2, 3, 4.6, 8])

    add_heading(document, "六、审核结论", level=1)
    add_paragraph(document, context["conclusion"] or "—")
    _lines(document, "分发范围", context["distribution"])

    add_paragraph(document, "")
    add_table(document, ["审核组长（签字）", "日期", "管理者代表（签字）", "日期"], [["", "", "", ""]],
              widths_cm=[4.5, 3, 4.5, 3])
    return document_bytes(document)
