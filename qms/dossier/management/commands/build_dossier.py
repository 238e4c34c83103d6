"""python manage.py build_dossier --out FILE.zip [--assessment ID]: the same build as the
button, run in this process; the dossier is recorded like any other."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms.assessment.models import Assessment
from qms.core.models import GeneratedFile
from qms.dossier.services import dossier_build, dossier_request


class Command(BaseCommand):
    help = "生成申请材料汇编（zip）。"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="输出的 .zip 文件路径")
        parser.add_argument("--assessment", type=int, help="依据的自评 ID（默认最新）")

    def handle(self, *args, out, assessment=None, **options):
        chosen = None
        if assessment is not None:
            chosen = Assessment.objects.filter(pk=assessment).first()
            if chosen is None:
                raise CommandError(f"没有 ID 为 {assessment} 的自评。")
        dossier = dossier_request(actor=None, assessment=chosen, queue=False)
        job = dossier_build(dossier_id=dossier.pk)
        if job.status != GeneratedFile.Status.DONE:
            raise CommandError(f"生成失败：{job.error}")
        with job.file.open("rb") as handle:
            Path(out).write_bytes(handle.read())
        self.stdout.write(f"已生成 {out}（汇编 #{dossier.pk}，{job.file.size} 字节）")
