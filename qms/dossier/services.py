"""Writes for the dossier: request one (a job queued after commit; a final one only when the
pre-flight checks pass), build it (the job's work), re-run it; and the organisation profile the
forms are filled from. The dossier's status moves (workflows.py) follow its job: started and
finished or failed by the build, failed when its worker is found dead, queued again by a re-run."""

import datetime as dt
import io
import zipfile

from django.db import transaction
from django.utils import timezone

from qms.assessment import selectors as assessment_selectors
from qms.assessment.models import Assessment
from qms.core.documents.stable import ooxml_stable
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.figures import figures_memo
from qms.core.history import save_with_reason
from qms.core.jobs import Progress, job_create, job_refresh, job_run
from qms.core.models import GeneratedFile
from qms.core.workflow import SYSTEM, event_record, transition
from qms.org.models import OrganisationProfile
from qms.org.selectors import organisation_profile

from .book import standards_book_docx
from .bound import PLACEHOLDER_PAGE, Binding, Book, Bound
from .marking import mark_draft, placeholders_in
from .models import Dossier
from .permissions import can_build_dossier
from .preflight import dossier_preflight
from .sections import BuildContext, dossier_index, sections_available
from .selectors import book_context, dossier_snapshot
from .workflows import DOSSIER_WORKFLOW

JOB_KIND = "dossier"
PROFILE_FIELDS = ("name", "short_name", "address", "postcode", "legal_representative", "contact_person", "phone",
                  "email", "standard_prefix", "document_code", "pilot_project", "pilot_start", "pilot_end",
                  "project_lead", "competent_authority", "consultation_min_working_days")


def _require(actor):
    if actor is not None and not can_build_dossier(actor):
        raise PermissionRefused("只有标准化办公室和管理层可以生成申请材料。")


def _queue(dossier: Dossier) -> None:
    from .tasks import dossier_build_task

    job_id = str(dossier.job_id)
    transaction.on_commit(lambda: dossier_build_task.delay(dossier.pk, job_id))


def _refuse_blocked(assessment: Assessment | None, as_of: dt.date) -> None:
    blockers = [blocker for blocker in dossier_preflight(assessment=assessment, as_of=as_of) if blocker.blocks]
    if blockers:
        reasons = "；".join(blocker.message.rstrip("。") for blocker in blockers)
        raise ApplicationError(f"不能生成正式汇编（{len(blockers)} 个问题，见生成前检查）：{reasons}。",
                               extra={"blockers": blockers})


@transaction.atomic
def dossier_request(*, actor, assessment: Assessment | None = None, as_of: dt.date | None = None,
                    kind: str = Dossier.Kind.DRAFT, queue: bool = True) -> Dossier:
    """Record a dossier request with its own job, and queue the build after commit. `actor`
    None is the command line. Without an assessment, the latest one is used (if any). A final
    dossier is refused, naming every reason, unless the pre-flight checks find nothing."""
    _require(actor)
    assessment = assessment or assessment_selectors.assessment_latest()
    as_of = as_of or timezone.localdate()
    if kind == Dossier.Kind.FINAL:
        _refuse_blocked(assessment, as_of)
    job = job_create(kind=JOB_KIND, params={"assessment": assessment.pk if assessment else None}, actor=actor)
    dossier = Dossier(assessment=assessment, job=job, requested_by=actor, as_of=as_of, kind=kind)
    save_with_reason(dossier, actor=actor, reason="申请生成申请材料汇编")
    event_record(dossier, actor=actor, workflow=DOSSIER_WORKFLOW.key, label=f"申请生成{dossier.get_kind_display()}汇编")
    job.params["dossier"] = dossier.pk
    job.save(update_fields=["params"])
    if queue:
        _queue(dossier)
    return dossier


@transaction.atomic
def dossier_rerun(*, actor, dossier: Dossier, queue: bool = True) -> Dossier:
    """Build again with a new job (after a failure, or to refresh). Refused while one is running."""
    _require(actor)
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("job").get(pk=dossier.pk)
    dossier_follow_job(dossier)  # a job whose worker died is failed now, and may be re-run
    DOSSIER_WORKFLOW.check(dossier, actor, "rerun")
    dossier.job = job_create(kind=JOB_KIND, params={"dossier": dossier.pk,
                                                    "assessment": dossier.assessment_id}, actor=actor)
    dossier.runs += 1
    transition(dossier, actor=actor, move="rerun", workflow=DOSSIER_WORKFLOW, reason="重新生成")
    if queue:
        _queue(dossier)
    return dossier


def dossier_build(*, dossier_id: int, job_id=None) -> GeneratedFile:
    """Run the dossier's job (`job_id`, by default its current one): done only with the complete
    zip, failed with the error otherwise. A redelivered message for an older job does nothing
    unless that job is still runnable (see `job_run`)."""
    dossier = Dossier.objects.select_related("job", "assessment__template").get(pk=dossier_id)
    job_id = job_id or dossier.job_id
    current = str(job_id) == str(dossier.job_id)

    def build(progress):
        if current and dossier.status == Dossier.Status.QUEUED:
            transition(dossier, actor=SYSTEM, move="start", workflow=DOSSIER_WORKFLOW)
        return build_zip(dossier, progress)

    job = job_run(job_id, build)
    if current:
        dossier.job = job
        dossier_follow_job(dossier)
    return job


def dossiers_build_queued(*, report=lambda dossier, job: None) -> list[GeneratedFile]:
    """Build, in this process, every dossier still queued, oldest first (the demo's final dossier;
    or one whose message never reached a worker). `report(dossier, job)` after each. A dossier
    a worker claims first is left to it (a job runs once: see `job_run`)."""
    jobs = []
    for dossier in Dossier.objects.filter(status=Dossier.Status.QUEUED).order_by("pk"):
        jobs.append(dossier_build(dossier_id=dossier.pk))
        report(dossier, jobs[-1])
    return jobs


def dossier_follow_job(dossier: Dossier) -> Dossier:
    """Move the dossier as its job has gone: finished, or failed (by the build, or found with a
    dead worker by `job_refresh`)."""
    job = job_refresh(dossier.job)
    Status = GeneratedFile.Status
    if dossier.status == Dossier.Status.RUNNING and job is not None and job.status == Status.DONE:
        transition(dossier, actor=SYSTEM, move="finish", workflow=DOSSIER_WORKFLOW)
    elif dossier.status in (Dossier.Status.QUEUED, Dossier.Status.RUNNING) and (
            job is None or job.status == Status.FAILED):
        transition(dossier, actor=SYSTEM, move="fail", workflow=DOSSIER_WORKFLOW, reason="生成失败",
                   note=(job.error if job else "生成任务记录缺失")[:500])
    return dossier


def build_zip(dossier: Dossier, progress: Progress) -> tuple[str, bytes]:
    """The job's work. Within one figures memo: the pre-flight, the snapshot and the documents
    read each figure once (a save, such as the snapshot's, empties the memo)."""
    with figures_memo():
        return _build_zip(dossier, progress)


def _build_zip(dossier: Dossier, progress: Progress) -> tuple[str, bytes]:
    progress(2, "收集数据")
    assessment, as_of = dossier.assessment, dossier.as_of
    if dossier.is_final:  # the data may have changed since the request
        _refuse_blocked(assessment, as_of)
    dossier.snapshot = dossier_snapshot(assessment=assessment, as_of=as_of)
    save_with_reason(dossier, reason="记录生成所依据的数据快照")
    context = BuildContext(as_of=as_of, assessment=assessment,
                           documents=assessment_selectors.documents_context(assessment, as_of=as_of))
    mark = _marker(dossier)
    book_data = book_context(as_of=as_of)
    with Binding(_book(book_data, mark)) as binding:
        if binding.early and _has_book(context):  # the book first: it converts while the rest are rendered
            progress(4, "正在生成：标准汇编")
            context.standards_book = standards_book_docx(book_data, pages=[PLACEHOLDER_PAGE] * len(book_data["standards"]))
            binding.start_book(mark("标准汇编.docx", context.standards_book))
        context.book = book_data
        marked = {}

        def ready(name, data):  # each file marked once, and converting as soon as worth it
            marked[name] = mark(name, data)
            binding.convert_soon(name, marked[name])

        files = _build_sections(context, progress, ready=ready)
        progress(94, "正在生成：目录")
        bound = binding.bind([(name, marked[name]) for _section, name, _data in files],
                             render_index=lambda pages: mark("00_目录.docx", dossier_index(context, _entries(files, pages))),
                             titles={name: name.split("_", 1)[1] for _s, name, _data in files},
                             progress=lambda step: progress(95, step))
    index = mark("00_目录.docx", dossier_index(context, _entries(files, bound.first_pages)))
    progress(98, "正在打包")
    members = [("00_目录.docx", index)] + bound.files
    if dossier.is_final:
        _refuse_placeholders(members)
    pdf = [(f"{len(members):02d}_汇编成册.pdf", bound.pdf)] if bound.pdf else []
    _record_binding(dossier, bound)
    profile = organisation_profile()
    draft = "" if dossier.is_final else "（草稿）"
    return (f"申请材料汇编{draft}-{profile.short_name or profile.name}-{as_of:%Y%m%d}.zip",
            zip_bytes(members + pdf, as_of=as_of))


def _build_sections(context: BuildContext, progress: Progress, ready=lambda name, data: None) -> list:
    """Every available section's files [(section, numbered name, bytes)]; `ready(name, data)` is
    told of each file as it is made."""
    available = sections_available(has_assessment=context.assessment is not None)
    files, span = [], 88 // max(len(available), 1)
    for index, (section, build) in enumerate(available):
        base = 5 + span * index
        step = f"正在生成：{section.title}"
        progress(base, step)
        context.progress = lambda done, total, base=base, step=step: progress(
            base + span * done // max(total, 1), f"{step}（{done}/{total}）")
        for filename, data in build(context):
            files.append((section, f"{len(files) + 1:02d}_{filename}", data))
            ready(files[-1][1], data)
    return files


def _has_book(context: BuildContext) -> bool:
    return any(section.key == "standards_book"
               for section, _build in sections_available(has_assessment=context.assessment is not None))


def _entries(files: list, pages: dict) -> list[dict]:
    return [{"seq": i, "title": s.title, "filename": name, "note": s.note, "page": pages.get(name, "—")}
            for i, (s, name, _data) in enumerate(files, start=1)]


def _marker(dossier: Dossier):
    """A draft's files marked 草稿 on every page; a final one's as they are."""
    if dossier.is_final:
        return lambda name, data: data
    return lambda name, data: mark_draft(name, data, as_of=dossier.as_of)


def _book(book: dict, mark) -> Book:
    return Book(count=len(book["standards"]), render=lambda pages, front_only: mark(
        "标准汇编.docx", standards_book_docx(book, pages=pages, front_only=front_only)))


def _refuse_placeholders(members: list[tuple[str, bytes]]) -> None:
    left = [name for name, data in members if placeholders_in(name, data)]
    if left:
        raise ApplicationError(f"以下文件仍有【请补充】内容，不能作为正式汇编：{'、'.join(left)}")


def _record_binding(dossier: Dossier, bound: Bound) -> None:
    dossier.snapshot["bound"] = {"pdf": bound.pdf is not None, "reason": bound.reason,
                                 "first_pages": bound.first_pages}
    save_with_reason(dossier, reason="记录汇编成册结果")


def zip_bytes(files: list[tuple[str, bytes]], *, as_of: dt.date) -> bytes:
    """A zip whose bytes depend only on the files and the date (fixed timestamps, fixed order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, ooxml_stable(data, as_of=as_of))
    return buffer.getvalue()


@transaction.atomic
def organisation_profile_update(*, actor, **fields) -> OrganisationProfile:
    _require(actor)
    profile = organisation_profile()
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise ApplicationError(f"不能修改字段：{name}")
        setattr(profile, name, value)
    if profile.pilot_start and profile.pilot_end and profile.pilot_end < profile.pilot_start:
        raise ApplicationError("试点结束日期不能早于开始日期。", field="pilot_end")
    return save_with_reason(profile, actor=actor, reason="修改单位信息")
