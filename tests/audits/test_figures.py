import datetime as dt

import pytest
import time_machine

from audits import services
from audits.models import Grade, Source
from audits.selectors.figures import (
    audit_figures,
    corrective_actions_open,
    corrective_actions_overdue_count,
    mean_days_to_close,
    nonconformities_by_department,
    nonconformities_by_grade,
    nonconformities_by_subsystem,
    repeat_nonconformities,
)

pytestmark = pytest.mark.django_db


def raise_nc(actor, department, standard, clause, grade, on):
    return services.nonconformity_raise(actor=actor, department=department, standard=standard, clause=clause,
                                        description=f"{clause} 未执行", grade=grade, source=Source.EXTERNAL_AUDIT,
                                        raised_on=on)


def close(nc, head, auditor, on):
    action = nc.actions.get()
    with time_machine.travel(dt.datetime.combine(on, dt.time(9)), tick=False):
        services.corrective_action_propose(actor=head, action=action, correction="c", why_chain=["w"],
                                           root_cause="r", action_plan="p", owner=head, due_date=on)
        services.corrective_action_accept(actor=auditor, action=action)
        services.corrective_action_report_done(actor=head, action=action, completion_note="done")
        services.corrective_action_verify(actor=auditor, action=action, note="ok", effectiveness_review_on=on)
        services.corrective_action_judge_effectiveness(actor=auditor, action=action, effective=True, note="ok")


@pytest.fixture
def known(auditor_user, head_user, departments, standards_in_force):
    """Five nonconformities with known grades, departments, nodes and closing dates."""
    market, tax = departments["market"], departments["tax"]
    s301, s302 = standards_in_force
    with time_machine.travel(dt.datetime(2026, 11, 1, 9), tick=False):
        a = raise_nc(auditor_user, market, s301, "5.2", Grade.MAJOR, dt.date(2025, 12, 1))
        b = raise_nc(auditor_user, market, s301, " 5.2", Grade.MINOR, dt.date(2026, 6, 1))  # repeats a
        c = raise_nc(auditor_user, market, s302, "4.1", Grade.MINOR, dt.date(2026, 7, 1))
        d = raise_nc(auditor_user, tax, s301, "5.2", Grade.OBSERVATION, dt.date(2026, 8, 1))  # other department
        e = raise_nc(auditor_user, market, None, "", Grade.MINOR, dt.date(2026, 10, 30))
    close(b, head_user, auditor_user, dt.date(2026, 6, 21))  # 20 days
    close(c, head_user, auditor_user, dt.date(2026, 7, 31))  # 30 days
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_counts_by_grade_department_and_subsystem(known):
    assert nonconformities_by_grade(year=2026) == [("major", "严重", 0), ("minor", "一般", 3),
                                                    ("observation", "观察项", 1)]
    assert nonconformities_by_grade()[0] == ("major", "严重", 1)
    assert nonconformities_by_department(year=2026) == [("市场监督管理局窗口", 3), ("税务局窗口", 1)]
    assert nonconformities_by_subsystem(year=2026) == [("301 服务规范", 2), ("302 服务提供规范", 1), ("未关联标准", 1)]


def test_open_overdue_and_mean_days_to_close(known):
    # Open: a, d, e (plans due 10 days after raising). On 2026-11-05 a and d are late, e is not.
    assert corrective_actions_open() == 3
    assert corrective_actions_overdue_count(today=dt.date(2026, 11, 5)) == 2
    assert corrective_actions_overdue_count(year=2026, today=dt.date(2026, 11, 5)) == 1
    assert mean_days_to_close() == 25.0
    assert mean_days_to_close(year=2025) is None


def test_repeat_is_same_department_and_clause_within_twelve_months(known):
    repeats = repeat_nonconformities()
    assert [(r.number, r.earlier, r.days_apart) for r in repeats] == [(known["b"].number, known["a"].number, 182)]
    assert repeats[0].clause == "301-01 5.2" and repeats[0].department == "市场监督管理局窗口"
    assert repeat_nonconformities(year=2025) == []


def test_figures_follow_the_queryset_a_page_passes(known):
    from audits.models import Nonconformity

    only_tax = Nonconformity.objects.filter(department__code="SW")
    figures = audit_figures(queryset=only_tax, year=2026, today=dt.date(2026, 11, 5))
    assert figures["total"] == 1 and figures["by_department"] == [("税务局窗口", 1)]
    assert figures["overdue_actions"] == 1 and figures["repeats"] == []


def test_registered_figures_closed_on_time_open_and_overdue(known, auditor_user, head_user, departments,
                                                             standards_in_force):
    from qms.core.figures import figure_value

    late = raise_nc(auditor_user, departments["market"], standards_in_force[0], "6.1", Grade.MINOR,
                    dt.date(2026, 9, 1))
    action = late.actions.get()
    with time_machine.travel(dt.datetime(2026, 9, 2, 9), tick=False):
        services.corrective_action_propose(actor=head_user, action=action, correction="c", why_chain=["w"],
                                           root_cause="r", action_plan="p", owner=head_user,
                                           due_date=dt.date(2026, 9, 10))
        services.corrective_action_accept(actor=auditor_user, action=action)
    with time_machine.travel(dt.datetime(2026, 9, 20, 9), tick=False):
        services.corrective_action_report_done(actor=head_user, action=action, completion_note="late")
    value = figure_value("ca_closed_on_time", as_of=dt.date(2026, 11, 1))
    # completed: b and c on time, the late one not; open and overdue on 2026-11-01: a and d (no plan)
    assert (value.numerator, value.denominator, value.value) == (2, 5, 40.0)
    before = figure_value("ca_closed_on_time", as_of=dt.date(2026, 8, 5))  # only a overdue; b, c done
    assert (before.numerator, before.denominator) == (2, 3)
    assert figure_value("open_ca").value == corrective_actions_open()
    assert figure_value("overdue_ca", as_of=dt.date(2026, 11, 1)).value == corrective_actions_overdue_count(
        today=dt.date(2026, 11, 1))
