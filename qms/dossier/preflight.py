"""The checks before a final dossier (生成前检查): each check is a function
(assessment, as_of) -> [Blocker], listed in CHECKS; a final dossier is built only when none
returns a blocker. Each blocker says what is wrong and links to the page that fixes it.

To add a check (for example the validity of adopted standards against the national platform),
write one more function and append it to CHECKS."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from qms.assessment.models import Assessment
from qms.assessment.narratives import narratives_unfinished
from qms.assessment.rules import fmt
from qms.assessment.selectors import assessment_summary, figure_rows
from qms.core.figures import figure_value, figures_memo


# Adopted standards known to be replaced, with their replacements (GB/T 24421.1–.4-2009 were all
# replaced on 2023-03-17). An adopted standard in force under one of these numbers is counted by
# a reviewer as 使用作废标准.
@dataclass(frozen=True)
class Blocker:
    """A reason found before a final dossier. `blocks`: the final dossier is refused until it is
    fixed; otherwise a warning the centre should answer before a reviewer asks (a past audit's team
    or a department's plan target cannot be put right by the time the dossier is due)."""

    check: str
    message: str
    url: str
    link_text: str
    blocks: bool = True


def _assessment_url(assessment: Assessment) -> str:
    return reverse("assessment-detail", args=[assessment.pk])


def check_submitted(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    if assessment.status == Assessment.Status.SUBMITTED:
        return []
    return [Blocker("submitted", f"自评“{assessment.title}”仍是草稿，正式汇编只能依据已提交（冻结）的自评。",
                    _assessment_url(assessment), "打分并提交自评")]


def check_narratives(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    return [Blocker("narrative", f"{section.document}“{section.title}”尚未写完（空白或仍有【请补充】）。",
                    reverse("assessment-narrative-section", args=[assessment.pk, section.key]), "编写这一段")
            for section in narratives_unfinished(assessment)]


def check_score(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    summary = assessment_summary(assessment)
    found = []
    if summary.total < summary.pass_line:
        found.append(Blocker("score", f"自评总分 {fmt(summary.total)} 分，低于合格线 {fmt(summary.pass_line)} 分。",
                             _assessment_url(assessment), "查看差距清单"))
    found += [Blocker("veto", f"触发否决项：{item.code} {item.title}。", _assessment_url(assessment), "查看否决项")
              for item in summary.vetoes_failed]
    return found


def check_adopted_currency(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    """Adopted standards the outside world replaced or abolished but still in force here
    (`standards.selectors.adopted_flagged`, from the imported or confirmed status)."""
    from standards.selectors import adopted_flagged

    return [Blocker("adopted", f"采用标准 {row.standard.number}《{row.standard.name}》{row.note}，仍列为现行。",
                    reverse("standard-detail", args=[row.standard.pk]), "采用新版或废止")
            for row in adopted_flagged(today=as_of)]


def check_overdue_actions(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    overdue = figure_value("overdue_ca", as_of=as_of)
    if overdue is None or not overdue.value:
        return []
    return [Blocker("overdue", f"有 {overdue.value:g} 项纠正措施逾期未完成。", overdue.url, "查看逾期纠正措施")]


def check_figures(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    return [Blocker("figure", f"{row.label} {row.value_text}，低于目标 {row.target_text}。",
                    row.value.url or reverse("home"), "查看明细")
            for row in figure_rows(as_of=as_of) if row.met is False]


def check_audit_teams(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    """Every member of the teams of the audits the dossier reports held a valid internal-auditor
    qualification on every audit day (the team rule of `audits.services.auditors`)."""
    from .proofs import reported_audits, team_qualification

    return [Blocker("auditor", f"内部审核 {audit.number}：{why}", reverse("auditor-list"), "查看内审员名册",
                    blocks=False)
            for audit in reported_audits(as_of) for _user, why in team_qualification(audit) if why]


def check_plan_targets(assessment: Assessment, as_of: dt.date) -> list[Blocker]:
    """Targets of the approved plan of the year behind on `as_of`; a centre-wide target already
    compared by `check_figures` (it sets the figure's target) is not named twice."""
    from qms.leadership.models import Comparator
    from qms.leadership.services.targets import approved_plan, target_rows

    plan = approved_plan(as_of.year)
    if plan is None:
        return []
    compared = {row.key: row.higher_is_better for row in figure_rows(as_of=as_of)}
    found = []
    for row in target_rows(plan, as_of=as_of):
        target = row.target
        if not row.behind or (target.department_id is None and target.figure_key in compared
                              and (target.comparator == Comparator.AT_LEAST) == compared[target.figure_key]):
            continue
        who = target.department.name if target.department_id else "全中心"
        found.append(Blocker("plan_target", f"{plan.title}：{row.label}（{who}）目标 {row.target_text}，"
                                            f"现为 {row.value_text}，未达成。", plan.get_absolute_url(), "查看计划目标",
                             blocks=False))
    return found


CHECKS = (check_submitted, check_narratives, check_score, check_adopted_currency, check_overdue_actions,
          check_figures, check_audit_teams, check_plan_targets)


def dossier_preflight(*, assessment: Assessment | None, as_of: dt.date) -> list[Blocker]:
    """Every reason found before a final dossier: those that `blocks` refuse it, the others warn
    (none that blocks: it can be built)."""
    if assessment is None:
        return [Blocker("assessment", "还没有自评。", reverse("assessment-list"), "新建自评")]
    with figures_memo():  # the checks only read: each figure computed once for all of them
        return [blocker for check in CHECKS for blocker in check(assessment, as_of)]


def preflight_report(*, assessment: Assessment | None, as_of: dt.date) -> dict:
    """The pre-flight as a page shows it: `blockers` (refuse a final dossier) and `warnings`."""
    found = dossier_preflight(assessment=assessment, as_of=as_of)
    return {"blockers": [b for b in found if b.blocks], "warnings": [b for b in found if not b.blocks]}
