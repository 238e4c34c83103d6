"""Demo standards: about 280 standards over the GB/T 24421.2-2009 tree, written through the
standards services so that editions, status changes and history are real.

- adopted national, sector and local standards (fixtures/demo/standards_adopted.csv), published
  with an exemption from in-house approval; some with an older, superseded edition, some withdrawn;
- in-house management standards (standards_in_house.json), work standards per post (posts.json)
  and one procedure standard per major service item (service_items.json), each with a generated
  .docx body uploaded through edition_create, so that its text is extracted for search and diffs;
  some with a 2021 edition superseded by 2024, a few withdrawn;
- planned rows (待制定 / 待采用) and in-force rows put on the revision plan (待修订).

Idempotent: a standard whose 体系表编号 exists is left alone. Runs in one transaction."""

import re
from collections import Counter

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from qms.core.history import checks_left_to_database
from qms.core.workflow import events_batched
from qms.org.models import Department, Role, User
from qms.org.roles import has_role
from qms.org.selectors import organisation_profile
from standards import services
from standards.models import EditionStatus, Level, Origin, Plan, SignOff, Standard, SystemNode
from standards.models.history import history_batched
from standards.numbers import level_from_number
from standards.services.acknowledgements import acknowledgements_batched
from standards.services.signoffs import signoff_record

from . import standard_texts as texts
from .documents import render_standard_docx
from .files import read_csv, read_json
from .rendering import Ahead

DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ADOPTED_EXEMPTION = "采用外部发布的标准，无需中心内部审批"
CODE = re.compile(r"^\d{3}-\d{2}$")
S = EditionStatus


def load(stdout) -> None:
    actor = _office_actor()
    if actor is None:
        stdout.write("  未找到标准化办公室用户，跳过标准数据（请先载入 qms.demo.org）。")
        return
    counts = Counter()
    # The publications' acknowledgement requests are made in one batch at the end.
    # Field rules per save; the constraints are the database's, inside this one transaction.
    # The history rows of standards, editions and sign-offs, and the timeline rows, are stored
    # together at the end.
    with (transaction.atomic(), acknowledgements_batched(), checks_left_to_database(), history_batched(),
          events_batched()):
        loader = _Loader(actor=actor, counts=counts)
        loader.run()
    stdout.write(
        f"  标准：新增 {counts['created']} 项（采用 {counts['adopted']}、自制 {counts['in_house']}），"
        f"其中被代替版本 {counts['superseded']} 个、废止 {counts['withdrawn']} 项、"
        f"计划 {counts['planned']} 项、列入修订 {counts['to_revise']} 项；已存在跳过 {counts['skipped']} 项"
        + (f"；节点缺失跳过 {counts['no_node']} 项" if counts["no_node"] else "")
    )


def _office_actor():
    user = User.objects.filter(username="office", is_active=True).first()
    if user is not None and has_role(user, Role.OFFICE):
        return user
    candidates = User.objects.filter(is_active=True, is_superuser=False).order_by("pk")
    return next((u for u in candidates if has_role(u, Role.OFFICE)), None)


class _Loader:
    def __init__(self, *, actor, counts: Counter):
        self.actor = actor
        self.counts = counts
        self.prefix = settings.ORG_STANDARD_PREFIX
        self.org_name = organisation_profile().name
        self.approver = User.objects.filter(username="manager").first() or actor
        # Codes held now, and the codes standards had before a tree migration (原编号).
        self.existing = set(Standard.objects.values_list("code", flat=True)) | set(
            Standard.objects.exclude(former_code="").values_list("former_code", flat=True))
        self.nodes = {n.code: n for n in SystemNode.objects.filter(is_active=True)}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.users = {u.username: u for u in User.objects.select_related("department")}
        self.fixture_departments = {row["code"]: row for row in read_csv("departments.csv")}
        self.adopted = read_csv("standards_adopted.csv")
        self.in_house = (
            [texts.management(e) for e in read_json("standards_in_house.json")]
            + [texts.post(e) for e in read_json("posts.json")]
            + [texts.service_item(i, self.fixture_departments.get(i["dept"], {}))
               for i in read_json("service_items.json")]
        )
        self.catalogue = self._catalogue()

    def run(self):
        # The in-house documents render in a second process while the adopted standards are written.
        with Ahead(render_standard_docx, self._texts_ahead()) as self.documents:
            for row in self.adopted:
                if self._fresh(row["code"]):
                    self._adopted(row)
            for spec in self.in_house:
                if self._fresh(spec.code):
                    self._in_house(spec)

    def _texts_ahead(self) -> dict:
        """The text of every edition `_in_house` will draft, by (code, year): as `_draft_and_publish` makes it."""
        found = {}
        for spec in self.in_house:
            if self._why_skipped(spec.code) or spec.plan == Plan.TO_DRAFT:
                continue
            replaces = ""
            if spec.earlier:
                found[(spec.code, spec.earlier["year"])] = self._edition_text(spec, spec.earlier["year"], spec.earlier, "")
                replaces = texts.number_of(self.prefix, spec.code, spec.earlier["year"])
            found[(spec.code, spec.year)] = self._edition_text(spec, spec.year, None, replaces)
        return found

    def _edition_text(self, spec, year: int, variant: dict | None, replaces: str):
        number = texts.number_of(self.prefix, spec.code, year)
        published, effective = texts.edition_dates(spec.code, year)
        return self._text(spec, number, published, effective, variant, replaces)

    # -- shared -------------------------------------------------------------------------------

    def _catalogue(self) -> dict[str, str]:
        """Reference lines by external number ('GB/T 19001-2016 质量管理体系 要求', dated) and by
        in-house code ('Q/XZFW 301.03 窗口服务规范', undated: its latest edition applies)."""
        found = {row["number"]: f"{row['number']} {row['name']}" for row in self.adopted}
        for spec in self.in_house:
            found[spec.code] = f"{self.prefix} {spec.code.replace('-', '.')} {spec.name}"
        return found

    def _why_skipped(self, code: str) -> str:
        """"skipped" (the code is held already), "no_node" (its node is not in the tree) or ""."""
        if code in self.existing:
            return "skipped"
        if code.split("-", 1)[0] not in self.nodes:
            return "no_node"
        return ""

    def _fresh(self, code: str) -> bool:
        why = self._why_skipped(code)
        if why:
            self.counts[why] += 1
        return not why

    def _departments(self, which: str) -> list:
        if which == "ALL":
            return [d for d in self.departments.values() if d.is_active]
        if which == "*":
            return [d for d in self.departments.values() if d.kind == Department.Kind.DEPARTMENT and d.is_active]
        if which == "+":
            return [d for d in self.departments.values() if d.kind == Department.Kind.OFFICE and d.is_active]
        return [self.departments[c] for c in which.split() if c in self.departments]

    def _drafters(self, department_code: str) -> str:
        people = [u for u in self.users.values() if u.department and u.department.code == department_code]
        return "、".join(u.display_name for u in people[:3])

    def _create(self, *, code, name, level, origin, node_code, responsible, applicable, **fields):
        standard = services.standard_create(
            actor=self.actor, code=code, name=name, level=level, origin=origin, node=self.nodes[node_code],
            responsible_department=self.departments.get(responsible),
            applicable_departments=self._departments(applicable), reason="载入演示数据", **fields,
        )
        self.existing.add(code)
        self.counts["created"] += 1
        return standard

    def _plan_fields(self, plan: str, target: str, owner: str, notes: str) -> dict:
        """A standard the centre already has is registered with no plan (its editions follow)."""
        fields = {"notes": notes, "plan": plan}
        if plan:
            fields.update(plan=plan, target_date=texts.dt.date.fromisoformat(target) if target else None,
                          owner=self.users.get(owner))
        return fields

    def _put_on_revision_plan(self, standard, *, target: str, owner: str, notes: str):
        standard.refresh_from_db()
        services.standard_update(
            actor=self.actor, standard=standard, expected_version=standard.version, plan=Plan.TO_REVISE,
            target_date=texts.dt.date.fromisoformat(target), owner=self.users.get(owner),
            notes=notes, reason="列入标准修订计划",
        )
        self.counts["to_revise"] += 1

    # -- adopted standards --------------------------------------------------------------------

    def _adopted(self, row: dict):
        number = row["number"]
        level = Level.NATIONAL if number.startswith("GBZ") else (level_from_number(number) or Level.SECTOR)
        planned = row["plan"] == Plan.TO_ADOPT
        fields = self._plan_fields(row["plan"] if planned else "", row["target_date"], row["owner"], row["notes"])
        standard = self._create(
            code=row["code"], name=row["name"], level=level, origin=Origin.ADOPTED,
            node_code=row["code"].split("-", 1)[0], responsible=row["responsible"], applicable=row["applicable"],
            intl_relation=row["intl_relation"], number=number if planned else "", **fields,
        )
        self.counts["adopted"] += 1
        if planned:
            self.counts["planned"] += 1
            return
        if row["earlier"]:
            old_number, published, effective, *title = row["earlier"].split("|")
            self._publish_adopted(standard, old_number, published, effective, title[0] if title else "")
            self.counts["superseded"] += 1
        edition = self._publish_adopted(standard, number, row["published_on"], row["effective_on"], "")
        if row["withdrawn_on"]:
            services.edition_withdraw(actor=self.actor, edition=edition, reason=row["withdrawn_reason"],
                                      withdrawn_on=texts.dt.date.fromisoformat(row["withdrawn_on"]))
            self.counts["withdrawn"] += 1
        if row["plan"] == Plan.TO_REVISE:
            self._put_on_revision_plan(standard, target=row["target_date"], owner=row["owner"], notes=row["notes"])

    def _publish_adopted(self, standard, number, published, effective, title):
        edition = services.edition_create(
            actor=self.actor, standard=standard, number=number, title=title or standard.name,
            reason=f"采用 {number}",
        )
        return services.edition_publish(
            actor=self.actor, edition=edition, published_on=texts.dt.date.fromisoformat(published),
            effective_on=texts.dt.date.fromisoformat(effective), exempt_reason=ADOPTED_EXEMPTION,
        )

    # -- in-house standards -------------------------------------------------------------------

    def _in_house(self, spec: texts.InHouse):
        planned = spec.plan == Plan.TO_DRAFT
        fields = self._plan_fields(spec.plan if planned else "", spec.target, spec.owner, spec.notes)
        standard = self._create(
            code=spec.code, name=spec.name, level=Level.ENTERPRISE, origin=Origin.IN_HOUSE,
            node_code=spec.node_code, responsible=spec.responsible, applicable=spec.applicable,
            drafting_department=self.departments.get(spec.drafting), drafters=self._drafters(spec.drafting),
            **fields,
        )
        self.counts["in_house"] += 1
        if planned:
            self.counts["planned"] += 1
            return
        replaces = ""
        if spec.earlier:
            old = self._draft_and_publish(standard, spec, year=spec.earlier["year"], variant=spec.earlier)
            replaces = old.number
            self.counts["superseded"] += 1
        edition = self._draft_and_publish(standard, spec, year=spec.year, replaces=replaces)
        if spec.withdraw:
            services.edition_withdraw(actor=self.actor, edition=edition, reason=spec.withdraw["reason"],
                                      withdrawn_on=texts.dt.date.fromisoformat(spec.withdraw["on"]))
            self.counts["withdrawn"] += 1
        if spec.plan == Plan.TO_REVISE:
            self._put_on_revision_plan(standard, target=spec.target, owner=spec.owner, notes=spec.notes)

    def _draft_and_publish(self, standard, spec, *, year: int, variant: dict | None = None, replaces: str = ""):
        """Draft an edition with its document, take it through consultation, review and approval
        (procedure standards built from the approved item catalogue are exempt), then publish it,
        which supersedes the edition in force, if any."""
        number = texts.number_of(self.prefix, spec.code, year)
        published, effective = texts.edition_dates(spec.code, year)
        data = self.documents.get((spec.code, year), self._edition_text(spec, year, variant, replaces))
        upload = SimpleUploadedFile(f"{number.replace('/', '_')}.docx", data, content_type=DOCX_CT)
        edition = services.edition_create(actor=self.actor, standard=standard, number=number, upload=upload,
                                          replaces=replaces, reason="起草标准草案")
        if not spec.exempt_reason:
            self._approve(edition)
        return services.edition_publish(actor=self.actor, edition=edition, published_on=published,
                                        effective_on=effective, exempt_reason=spec.exempt_reason)

    def _approve(self, edition):
        """Consultation, review and approval, as the office and the centre's director record them."""
        for to_status, note, actor in (
            (S.CONSULTATION, "征求意见稿发各窗口、科室及服务对象代表征求意见", self.actor),
            (S.REVIEW, "意见汇总处理完毕，提交审核", self.actor),
        ):
            services.edition_transition(edition=edition, to_status=to_status, actor=actor, note=note)
        # The drafter may not review or approve: the centre's director signs both.
        edition = services.edition_review_sign(actor=self.approver, edition=edition, approve=True,
                                               note="审核通过，报中心主任批准")
        services.edition_transition(edition=edition, to_status=S.APPROVED, actor=self.approver, note="批准发布")
        # Recorded as the director's approval sign-off; publication then carries the historical dates.
        signoff_record(edition=edition, kind=SignOff.Kind.APPROVAL, decision=SignOff.Decision.APPROVED,
                       actor=self.approver, note="批准发布")

    def _drafting_unit(self, code: str) -> str:
        row = self.fixture_departments.get(code, {})
        if row.get("kind") == Department.Kind.OFFICE:
            return f"{self.org_name}{row['name']}"
        return f"{self.org_name}、{row.get('name', '')}窗口"

    def _text(self, spec, number, published, effective, variant, replaces):
        references = [self.catalogue[ref] for ref in spec.refs]
        drafting = self._drafting_unit(spec.drafting)
        old_name = spec.name
        lines = texts.foreword(org_name=self.org_name, drafting_name=drafting,
                               drafters=self._drafters(spec.drafting), replaces=replaces,
                               replaced_name=old_name, variant=spec.earlier if replaces else None)
        return texts.standard_text(
            spec=spec, org_name=self.org_name, prefix=self.prefix, number=number, published=published,
            effective=effective, references=references, chapters=texts.numbered_chapters(spec, variant),
            foreword_lines=lines,
        )
