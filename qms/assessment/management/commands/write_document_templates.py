"""Write the shipped .docx templates of the fixed-layout documents to templates/documents/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from qms.assessment.documents.default_templates import BUILDERS


class Command(BaseCommand):
    help = "生成系统默认的文档模板（申请表、自评报告、目录、工作总结）。"

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "templates" / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        for kind, build in BUILDERS.items():
            (folder / f"{kind}.docx").write_bytes(build())
            self.stdout.write(f"{kind}.docx")
