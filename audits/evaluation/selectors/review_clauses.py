"""The 管理评审报告's inputs arranged by GB/T 19001-2016 (ISO 9001:2015) 9.3.2, from the compiled
sections (`reviews.review_inputs`); an input with no records in the system says what the meeting
must supply instead of pretending to data."""

from qms.core.figures import figure_get, figure_target, figure_value

NOT_RECORDED = "系统中无相关记录，由评审会议根据各部门汇报补充。"
CLAUSES = [  # (clause, title, section keys, figure keys, text when nothing is recorded)
    ("9.3.2 a)", "以往管理评审所采取措施的情况", ["previous_actions"], [], ""),
    ("9.3.2 b)", "与质量管理体系相关的内外部因素的变化", ["standards", "departments"], [], NOT_RECORDED),
    ("9.3.2 c) 1)", "顾客满意和有关相关方的反馈", ["satisfaction", "external", "complaints"], [], ""),
    ("9.3.2 c) 2)", "质量方针和质量目标的实现程度", [], ["satisfaction_rate", "complaints_on_time", "coverage",
                                                  "implementation_rate"], NOT_RECORDED),
    ("9.3.2 c) 3)", "过程绩效以及服务的合格情况", ["scorecards"], ["implementation_rate"], ""),
    ("9.3.2 c) 4)", "不合格以及纠正措施", [], ["open_ca", "overdue_ca", "ca_closed_on_time"], ""),
    ("9.3.2 c) 5)", "监视和测量的结果", ["figures"], [], ""),
    ("9.3.2 c) 6)", "审核结果", ["audits"], [], ""),
    ("9.3.2 c) 7)", "外部供方的绩效", [], [], "本期无外部供方（外包服务、设施维护等）的评价记录；"
                                              "涉及外部供方的，由归口部门在评审会议上汇报。"),
    ("9.3.2 d)", "资源的充分性", [], ["training_rate", "acknowledgement_rate"], NOT_RECORDED),
    ("9.3.2 e)", "应对风险和机遇所采取措施的有效性", [], [], NOT_RECORDED),
    ("9.3.2 f)", "改进的机会", ["improvements", "departments"], [], NOT_RECORDED),
]


def _figure_lines(keys: list[str], as_of) -> list[str]:
    lines = []
    for key in keys:
        figure, value = figure_get(key), figure_value(key, as_of=as_of)
        if figure is None or value is None or value.value is None:
            continue
        goal = figure_target(key, as_of=as_of)
        target = f"（目标 {figure.text(goal)}）" if goal is not None else ""
        lines.append(f"{figure.label}：{figure.text(value.value)}{target}")
    return lines


def clause_inputs(sections: list[dict], *, as_of) -> list[dict]:
    """[{clause, title, parts: [section dicts with records], lines}] in the order of 9.3.2."""
    by_key = {s["key"]: s for s in sections}
    result = []
    for clause, title, keys, figures, fallback in CLAUSES:
        parts = [by_key[k] for k in keys if k in by_key and by_key[k]["available"]]
        lines = _figure_lines(figures, as_of)
        if not parts and not lines:
            missing = [by_key[k] for k in keys if k in by_key]
            lines = [fallback] if fallback else [line for s in missing for line in s["lines"]] or [NOT_RECORDED]
        result.append({"clause": clause, "title": title, "parts": parts, "lines": lines})
    return result
