"""The workflow matrix, generated from the declarations (qms.core.workflow): for every role, inside
and outside the department, every declared move and every record in each of its states,

- the detail page shows a move's button (`data-move`) exactly when the declaration lets the user
  make it now;
- the move's own page opens (200) exactly then, and is refused (403) otherwise;
- a refused POST changes nothing (status and timeline); an allowed one makes the move."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from audits import services as audit_services
from audits.evaluation.models import Channel
from audits.evaluation.services import complaints as eval_complaints
from audits.evaluation.services import reviews as eval_reviews
from audits.evaluation.services import surveys as eval_surveys
from audits.models import Grade, Result
from qms.core.models import WorkflowEvent
from qms.core.workflow import workflow_get, workflows_all
from qms.dossier import services as dossier_services
from qms.leadership.models import Body
from qms.leadership.services import bodies as leadership_bodies
from qms.leadership.services import meetings as leadership_meetings
from qms.org.models import Role
from standards import services as std_services
from tests.assessment.helpers import example_assessment

from ..factories import UserFactory, qualify
from ..standards.helpers import make_in_force, make_standard

pytestmark = pytest.mark.django_db

# Moves made by a form that sits on the detail page instead of a button.
FORM_MOVES = {"consultation:close", "complaint:reply", "complaint:close", "complaint:reopen"}
# Moves whose POST needs only a reason or nothing: the matrix makes them when allowed.
SIMPLE_POSTS = {
    "edition:return": {"reason": "需要修改"}, "edition:withdraw": {"reason": "被上级标准取代"},
    "audit:cancel": {"reason": "时间冲突"}, "nonconformity:reopen": {"reason": "问题再次出现"},
    "change_request:accept": {"decision": "accept", "note": "同意"},
    "change_request:decline": {"decision": "decline", "note": "理由不充分"},
    "survey:open": {"move": "open"}, "survey:close": {"move": "close"},
    "management_review:close": {"move": "close"}, "review_action:complete": {"note": "已完成"},
    "assessment:submit": {}, "complaint:reopen": {"reason": "投诉人不满意"},
    "leadership_decision:complete": {"note": "已落实"}, "dossier:rerun": {},
}


@pytest.fixture
def people(role_users, departments):
    head_out = UserFactory(username="head_tax", roles=[Role.DEPARTMENT_HEAD], department=departments["tax"])
    auditor_own = UserFactory(username="auditor_mkt", roles=[Role.AUDITOR], department=departments["market"])
    qualify(auditor_own)
    return {**role_users, "head_in": role_users["head"], "head_out": head_out, "auditor_own": auditor_own}


@pytest.fixture
def records(people, departments):
    """One record of every workflow, built through the services."""
    office, auditor, manager, head = (people[k] for k in ("office", "auditor", "manager", "head"))
    standard, in_force = make_in_force(office, code="301-01")
    standard.applicable_departments.set([departments["market"]])
    draft_std = make_standard(office, code="301-02", name="首问负责制")
    edition = std_services.edition_create(actor=office, standard=draft_std, number="Q/XZFW 301.02-2026",
                                          text="1 范围\n本标准规定了首问负责的要求。")
    consultation = std_services.consultation_open(actor=office, edition=edition, deadline=dt.date(2026, 12, 20),
                                                  departments=[departments["market"]])
    change_request = std_services.change_request_create(actor=people["staff"], standard=standard, reason="条文过时")
    audit = audit_services.audit_create(actor=auditor, title="内审", lead_auditor=auditor,
                                        departments=[departments["market"]], start_date=dt.date(2026, 3, 10))
    audit_services.checklist_generate(actor=auditor, audit=audit)
    audit_services.audit_start(actor=auditor, audit=audit)
    item = audit.items.order_by("order").first()
    audit_services.checklist_item_record(actor=auditor, item=item, result=Result.NONCONFORM, grade=Grade.MINOR,
                                         clause="5.2", evidence="抽查", description="未签字确认")
    item.refresh_from_db()
    nonconformity = item.nonconformity
    complaint = eval_complaints.complaint_create(actor=office, channel=Channel.PHONE, complainant_name="张三",
                                               description="等候时间过长", department=departments["market"])
    survey = eval_surveys.survey_create(actor=office, title="评议", starts_on=dt.date(2026, 1, 1),
                                         ends_on=dt.date(2026, 12, 31), questions=[("服务态度", "satisfaction")])
    review = eval_reviews.review_create(actor=manager, title="年度管理评审", period_start=dt.date(2026, 1, 1),
                                         period_end=dt.date(2026, 12, 31), planned_on=dt.date(2026, 11, 20))
    eval_reviews.review_hold(actor=manager, review=review, held_on=dt.date(2026, 11, 20), attendees=[manager],
                             minutes="会议纪要", conclusion="体系运行有效")
    decision = eval_reviews.decision_record(actor=manager, review=review, text="加强培训", actions=[
        {"description": "组织宣贯", "owner": head, "due_on": dt.date(2026, 12, 31)}])
    _template, assessment = example_assessment(office)
    group = leadership_bodies.body_save(actor=office, kind=Body.Kind.GROUP, name="标准化工作领导小组")
    meeting = leadership_meetings.meeting_record(actor=office, body=group, title="领导小组会议",
                                                 held_on=dt.date(2026, 3, 1), minutes="审议年度计划", attendees=[manager])
    leadership_decision = leadership_meetings.decision_add(actor=office, meeting=meeting, text="开展专项整改",
                                                           owner=head, due_on=dt.date(2026, 12, 31))
    dossier = dossier_services.dossier_request(actor=office, assessment=assessment, queue=False)
    return {
        "edition": edition, "consultation": consultation, "change_request": change_request, "audit": audit,
        "nonconformity": nonconformity, "corrective_action": nonconformity.actions.get(),
        "complaint": complaint, "survey": survey, "management_review": review,
        "review_action": decision.actions.get(), "assessment": assessment, "_in_force": in_force,
        "leadership_decision": leadership_decision, "dossier": dossier,
    }


def _page(key, obj) -> str:
    return {
        "edition": lambda: reverse("edition-detail", args=[obj.pk]),
        "consultation": lambda: reverse("consultation-detail", args=[obj.pk]),
        "change_request": lambda: reverse("change-request-list"),
        "audit": lambda: reverse("audit-detail", args=[obj.pk]),
        "nonconformity": lambda: reverse("nonconformity-detail", args=[obj.pk]),
        "corrective_action": lambda: reverse("nonconformity-detail", args=[obj.nonconformity_id]),
        "complaint": lambda: reverse("complaint-detail", args=[obj.pk]),
        "survey": lambda: reverse("survey-detail", args=[obj.pk]),
        "management_review": lambda: reverse("review-detail", args=[obj.pk]),
        "review_action": lambda: reverse("review-detail", args=[obj.review_id]),
        "assessment": lambda: reverse("assessment-detail", args=[obj.pk]),
        "leadership_decision": lambda: reverse("leadership-meeting-detail", args=[obj.meeting_id]),
        "dossier": lambda: reverse("dossier-detail", args=[obj.pk]),
    }[key]()


def _force(obj, workflow, status):
    """Put the record in `status` (setup only: the states a record can reach)."""
    extra = {}
    if obj._meta.label == "audits.Nonconformity":  # a closed one has its last round judged effective
        extra["closed_on"] = dt.date(2026, 6, 1) if status == "closed" else None
        obj.actions.exclude(round=1).delete()
        obj.actions.update(status="effective" if status == "closed" else "to_plan")
    type(obj).objects.filter(pk=obj.pk).update(**{workflow.status_field: status}, **extra)
    obj.refresh_from_db()


def _shown(html: str, key: str) -> set[str]:
    return {m for m in re.findall(r'data-move="([^"]+)"', html) if m.startswith(key + ":")}


def _expected(workflow, obj, user) -> set[str]:
    return {f"{workflow.key}:{m.name}" for m in workflow.available(obj, user)
            if m.button or f"{workflow.key}:{m.name}" in FORM_MOVES}


def _statuses(workflow) -> list[str]:
    return list(dict.fromkeys(s for m in workflow.moves for s in (*m.sources, m.target)))


WORKFLOWS = ["edition", "consultation", "change_request", "audit", "nonconformity", "corrective_action",
             "complaint", "survey", "management_review", "review_action", "assessment", "leadership_decision",
             "dossier"]


def test_every_stateful_record_declares_its_workflow():
    assert {w.key for w in workflows_all()} >= set(WORKFLOWS) | {"scorecard"}


@pytest.mark.parametrize("key", WORKFLOWS)
def test_buttons_pages_and_posts_follow_the_declaration(key, records, people, client):
    workflow, obj = workflow_get(key), records[key]
    checked = 0
    for status in _statuses(workflow):
        for role, user in people.items():
            _force(obj, workflow, status)
            client.force_login(user)
            checked += _check_page(client, workflow, obj, user, role)
            for move in workflow.moves:
                if move.button:
                    _force(obj, workflow, status)
                    checked += _check_move(client, workflow, obj, user, move, role)
    assert checked > 0


def _check_page(client, workflow, obj, user, role) -> int:
    response = client.get(_page(workflow.key, obj))
    expected = _expected(workflow, obj, user)
    if response.status_code != 200:
        assert not expected, f"{role} may {expected} but cannot open the page ({response.status_code})"
        return 1
    html = response.content.decode()
    if workflow.key == "corrective_action":  # a round's moves are step forms on its nonconformity's page
        steps = {m.step for m in workflow.available(obj, user)}
        assert set(re.findall(r'data-step="([^"]+)"', html)) == steps, (role, obj.status)
        return 1
    assert _shown(html, workflow.key) == expected, (role, obj.status)
    return 1


def _page_allowed(workflow, obj, user, move) -> bool:
    """A page shared by several moves (approve or return) opens when any of them is allowed."""
    return any(workflow.allows(obj, user, m.name) for m in workflow.moves
               if (m.view, m.step) == (move.view, move.step))


def _check_move(client, workflow, obj, user, move, role) -> int:
    allowed = workflow.allows(obj, user, move.name)
    url = move.url(workflow, obj).split("?")[0]
    name = f"{workflow.key}:{move.name}"
    before = (obj.status, WorkflowEvent.objects.count())
    if move.method != "post":
        page = _page_allowed(workflow, obj, user, move)
        assert client.get(url).status_code == (200 if page else 403), (name, role, obj.status)
        if page and not allowed:
            return 1  # the page is the other move's; its form offers only what the user may do
    if not allowed:
        response = client.post(url, SIMPLE_POSTS.get(name, {"move": move.name}))
        obj.refresh_from_db()
        assert response.status_code == 403, (name, role, obj.status)
        assert (obj.status, WorkflowEvent.objects.count()) == before, f"refused {name} changed the record"
    elif name in SIMPLE_POSTS:
        response = client.post(url, SIMPLE_POSTS[name])
        obj.refresh_from_db()
        assert response.status_code == 302 and obj.status == move.target, (name, role, response.status_code)
    return 1


def test_manager_sees_no_publish_button_and_the_office_publishes(records, people, client):
    """The issue's case: an approved edition never offers 发布实施 to a manager (publication is the
    office's move), and the manager's POST is refused and changes nothing."""
    edition = records["edition"]
    workflow = workflow_get("edition")
    _force(edition, workflow, "approved")
    assert not workflow.allows(edition, people["manager"], "publish")
    client.force_login(people["manager"])
    page = client.get(reverse("edition-detail", args=[edition.pk])).content.decode()
    assert "edition:publish" not in page
    assert client.post(reverse("edition-publish", args=[edition.pk])).status_code == 403
    edition.refresh_from_db()
    assert edition.status == "approved"
