from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits.documents import build_audit_report_docx
from audits.models import Audit
from audits.selectors.reports import audit_report_context


class Command(BaseCommand):
    help = "Write an audit's report (内审报告) as .docx: export_audit_report NS-2026-01 --docx FILE"

    def add_arguments(self, parser):
        parser.add_argument("number", help="审核编号，如 NS-2026-01")
        parser.add_argument("--docx", required=True, help="输出文件路径")

    def handle(self, *args, number, docx, **options):
        audit = Audit.objects.filter(number=number.strip()).first()
        if audit is None:
            raise CommandError(f"没有编号为 {number} 的审核。")
        data = build_audit_report_docx(audit_report_context(audit))
        Path(docx).write_bytes(data)
        self.stdout.write(f"{audit.number} → {docx}（{len(data)} 字节）")
