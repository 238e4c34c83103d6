"""The batched writes of scorecards and staff assessment (`qms.core.bulk`): every card and score
still gets its history row with who and why, in the order of the steps; a failure half-way
through leaves nothing. A month's 通报 moves its cards together (`transition_many`), writing
what one `transition` per card writes. The demo's ratings are inserted in batches, all or none."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from audits.evaluation.models import Rating, Score, Scorecard, StaffScore, StaffScorecard
from audits.evaluation.services import scorecards
from audits.evaluation.services.attendance_import import attendance_import
from audits.evaluation.services.scorecards import score_set, scorecards_compute, scorecards_publish
from audits.evaluation.services.staff import staff_score_set, staff_scorecards_compute
from qms.core import bulk, workflow
from qms.core.models import IssuedDocument, WorkflowEvent
from qms.demo import evaluation as demo_evaluation

from ..factories import UserFactory
from .helpers import add_ratings
from .test_staff_assessment import APRIL, _attendance_file

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 1)


@pytest.fixture
def people(departments):
    return [UserFactory(username=f"tax{i}", department=departments["tax"], last_name="税", first_name=f"员{i}")
            for i in range(3)]


def _history(model):
    """(object, type, reason, user) of every history row, in the order written."""
    return [(h.id, h.history_type, h.history_change_reason, h.history_user_id)
            for h in model.history.order_by("history_id")]


def _fail_on_update_of(model, monkeypatch):
    """UPDATE of `model` rows fails (after the first row's statement is built)."""
    real = bulk.update_rows

    def failing(target, objs, fields, **kwargs):
        if target is model:
            raise RuntimeError("disk full")
        return real(target, objs, fields, **kwargs)

    monkeypatch.setattr(bulk, "update_rows", failing)


@pytest.fixture
def staff_month(office_user, people, departments):
    add_ratings(departments["tax"], dt.date(2025, 3, 5), satisfied=10, person=people[0])
    with time_machine.travel(APRIL, tick=False):
        attendance_import(actor=office_user, upload=_attendance_file(), filename="考勤.xlsx")
        staff_scorecards_compute(actor=office_user, month=MARCH)


def test_staff_cards_and_scores_keep_who_and_why_of_every_step(office_user, staff_month):
    def ranking():
        return list(StaffScorecard.objects.order_by("rank").values_list("pk", flat=True))

    created, first = list(StaffScorecard.objects.order_by("pk").values_list("pk", flat=True)), ranking()
    conduct = StaffScore.objects.get(card__user__username="tax0", criterion__code="staff_conduct")
    staff_score_set(actor=office_user, score=conduct, value=Decimal("90"), note="未着工装")
    assert first != ranking()  # the deduction moved tax0 down
    assert _history(StaffScorecard) == (  # one row per card and step, in the ranking's order
        [(pk, "+", "生成员工考核", office_user.pk) for pk in created]
        + [(pk, "~", "按记录计算员工考核", office_user.pk) for pk in first]
        + [(pk, "~", "人工评分后重新排名", office_user.pk) for pk in ranking()])
    scores = _history(StaffScore)
    assert len(scores) == StaffScore.objects.count() + 1
    assert {r[1:] for r in scores[:-1]} == {("+", "按记录计算", office_user.pk)}
    assert scores[-1] == (conduct.pk, "~", "人工评分", office_user.pk)


def test_a_failure_half_way_through_a_staff_rerank_leaves_nothing(office_user, staff_month, monkeypatch):
    conduct = StaffScore.objects.get(card__user__username="tax0", criterion__code="staff_conduct")
    before = (_history(StaffScorecard), _history(StaffScore), list(StaffScorecard.objects.values()))
    _fail_on_update_of(StaffScorecard, monkeypatch)
    with pytest.raises(RuntimeError, match="disk full"):
        staff_score_set(actor=office_user, score=conduct, value=Decimal("90"), note="未着工装")
    assert StaffScore.objects.get(pk=conduct.pk).score == Decimal("100")  # the manual score undone too
    assert (_history(StaffScorecard), _history(StaffScore), list(StaffScorecard.objects.values())) == before


@pytest.fixture
def window_month(office_user, departments):
    add_ratings(departments["market"], dt.date(2025, 3, 5), satisfied=99, dissatisfied=1, on_time=True)
    add_ratings(departments["tax"], dt.date(2025, 3, 6), satisfied=95, dissatisfied=5, on_time=True)
    with time_machine.travel(APRIL, tick=False):
        scorecards_compute(actor=office_user, month=MARCH)


def test_window_scorecards_keep_who_and_why_of_every_step(office_user, window_month):
    cards = list(Scorecard.objects.order_by("pk").values_list("pk", flat=True))
    assert [r[1:] for r in _history(Scorecard)] == (
        [("+", "生成月度考评", office_user.pk)] * 2 + [("~", "按记录计算考评", office_user.pk)] * 2)
    assert [r[0] for r in _history(Scorecard)][:2] == cards
    assert {r[1:] for r in _history(Score)} == {("+", "按记录计算", office_user.pk)}
    assert len(_history(Score)) == Score.objects.count()


def test_a_failure_half_way_through_a_window_rerank_leaves_nothing(office_user, window_month, monkeypatch):
    manual = Score.objects.filter(criterion__source="manual").order_by("pk").first()
    before = (_history(Scorecard), _history(Score), list(Scorecard.objects.values()))
    _fail_on_update_of(Scorecard, monkeypatch)
    with pytest.raises(RuntimeError, match="disk full"):
        score_set(actor=office_user, score=manual, value=Decimal("90"), note="抽查扣分")
    assert Score.objects.get(pk=manual.pk).score == Decimal("100")
    assert (_history(Scorecard), _history(Score), list(Scorecard.objects.values())) == before


def test_demo_ratings_go_in_batches_and_a_failure_leaves_none(departments, monkeypatch):
    windows = [departments["market"], departments["tax"]]
    months, today = [dt.date(2025, 3, 1)], dt.date(2025, 4, 8)
    monkeypatch.setattr(demo_evaluation, "BATCH", 50)
    real, calls = bulk.bulk_insert, []

    def failing(model, objs, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(model, objs, **kwargs)

    monkeypatch.setattr(demo_evaluation, "bulk_insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        demo_evaluation._ratings(StringIO(), windows, months, today)
    assert calls[0] >= 50 and not Rating.objects.exists()  # the first batch was written, then undone
    monkeypatch.setattr(demo_evaluation, "bulk_insert", real)
    demo_evaluation._ratings(StringIO(), windows, months, today)
    ratings = list(Rating.objects.order_by("pk"))
    assert len(ratings) > 100 and ratings[0].case_number == "DEMO-20250303-000001"
    assert {r.source for r in ratings} == {"import"} and {r.department_id for r in ratings} == {w.pk for w in windows}
    assert all(r.staff_id is None and r.batch_id is None and r.created_by_id is None for r in ratings)


def _published(office_user):
    """March published: the cards, their history, their timeline rows and the notice."""
    with time_machine.travel(APRIL, tick=False):
        scorecards_publish(actor=office_user, month=MARCH, issued_on=APRIL)
    events = WorkflowEvent.objects.filter(content_type=ContentType.objects.get_for_model(Scorecard)).order_by("id")
    return (list(Scorecard.objects.order_by("pk").values()), _history(Scorecard),
            list(events.values_list("object_id", "workflow", "move", "from_status", "to_status", "label", "actor_id",
                                    "note")),
            list(IssuedDocument.objects.order_by("pk").values_list("kind", "number", "title", "subject")))


class _Undo(Exception):
    pass


def _one_transition_each(objs, **kwargs):
    return [workflow.transition(obj, **kwargs) for obj in objs]


def test_publishing_a_month_writes_what_one_transition_per_card_writes(office_user, window_month, monkeypatch):
    with pytest.raises(_Undo), transaction.atomic():  # the batched path, then undone
        batched = _published(office_user)
        raise _Undo
    monkeypatch.setattr(scorecards, "transition_many", _one_transition_each)
    one_by_one = _published(office_user)
    assert batched == one_by_one
    cards, history, events, notices = batched
    assert {c["status"] for c in cards} == {"published"} and len(events) == len(cards) == 2
    assert history[-2:] == [(c["id"], "~", "通报：2025-03 考评通报", office_user.pk) for c in cards]
    assert len(notices) == 1


def test_a_failure_half_way_through_publishing_leaves_nothing(office_user, window_month, monkeypatch):
    before = (list(Scorecard.objects.order_by("pk").values()), _history(Scorecard), WorkflowEvent.objects.count())
    real, built = workflow.event_row, []

    def failing(obj, **kwargs):  # the cards and their history are written; the second timeline row fails
        built.append(obj)
        if len(built) == 2:
            raise RuntimeError("disk full")
        return real(obj, **kwargs)

    monkeypatch.setattr(workflow, "event_row", failing)
    with pytest.raises(RuntimeError, match="disk full"), time_machine.travel(APRIL, tick=False):
        scorecards_publish(actor=office_user, month=MARCH, issued_on=APRIL)
    assert len(built) == 2
    after = (list(Scorecard.objects.order_by("pk").values()), _history(Scorecard), WorkflowEvent.objects.count())
    assert after == before and not IssuedDocument.objects.exists()
