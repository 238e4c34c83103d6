"""python manage.py build_dossier --out FILE.zip [--assessment ID] [--draft]: the same build as
the button, run in this process; the dossier is recorded like any other. Without --draft the
dossier is final, and refused (naming every reason) unless the pre-flight checks pass.

python manage.py build_dossier --queued: build every dossier still queued, in this process (the
demo's final dossier, which `load_demo --dossier-in-background` leaves to it; or a dossier whose
message never reached a worker). Stopped half-way (Ctrl-C), the dossier is marked failed at once
and can be re-run."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms.assessment.models import Assessment
from qms.core.errors import ApplicationError
from qms.core.models import GeneratedFile
from qms.dossier.models import Dossier
from qms.dossier.services import dossier_build, dossier_request, dossiers_build_queued


class Command(BaseCommand):
    help = "生成申请材料汇编（zip）；默认为正式汇编，--draft 生成每页标“草稿”的检查稿；--queued 生成所有排队中的汇编。"

    def add_arguments(self, parser):
        parser.add_argument("--out", help="输出的 .zip 文件路径")
        parser.add_argument("--assessment", type=int, help="依据的自评 ID（默认最新）")
        parser.add_argument("--draft", action="store_true", help="生成草稿（不检查，每页标“草稿”）")
        parser.add_argument("--queued", action="store_true", help="生成所有排队中的汇编（不另建新汇编）")

    def handle(self, *args, out=None, assessment=None, draft=False, queued=False, **options):
        if queued:
            jobs = dossiers_build_queued(report=self._report)
            if any(job.status == GeneratedFile.Status.FAILED for job in jobs):
                raise CommandError("有汇编生成失败，见上。")
            return
        if not out:
            raise CommandError("请用 --out 指定输出的 .zip 文件路径（或用 --queued 生成排队中的汇编）。")
        chosen = None
        if assessment is not None:
            chosen = Assessment.objects.filter(pk=assessment).first()
            if chosen is None:
                raise CommandError(f"没有 ID 为 {assessment} 的自评。")
        kind = Dossier.Kind.DRAFT if draft else Dossier.Kind.FINAL
        try:
            dossier = dossier_request(actor=None, assessment=chosen, kind=kind, queue=False)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        job = dossier_build(dossier_id=dossier.pk)
        if job.status != GeneratedFile.Status.DONE:
            raise CommandError(f"生成失败：{job.error}")
        with job.file.open("rb") as handle:
            Path(out).write_bytes(handle.read())
        self.stdout.write(f"已生成{dossier.get_kind_display()}汇编 {out}（汇编 #{dossier.pk}，{job.file.size} 字节）")

    def _report(self, dossier, job):
        kind = dossier.get_kind_display()
        if job.status == GeneratedFile.Status.DONE:
            self.stdout.write(f"已生成{kind}汇编 #{dossier.pk}（{job.file.size} 字节）")
        elif job.status == GeneratedFile.Status.FAILED:
            self.stderr.write(f"{kind}汇编 #{dossier.pk} 生成失败：{job.error}")
        else:  # claimed first by a worker, or by another `--queued` run: left to it (a job runs once)
            self.stdout.write(f"{kind}汇编 #{dossier.pk} 已由另一进程生成中，未重复生成。")
