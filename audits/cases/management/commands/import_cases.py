from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from audits.cases.services import cases_import
from qms.core.errors import ApplicationError
from standards.catalog.management.commands._actor import add_user_argument, command_actor


class Command(BaseCommand):
    help = "导入办件系统导出的办件明细（.xlsx 或 .csv）。全部成功才写入；--dry-run 只预览。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
        add_user_argument(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            report = cases_import(actor=command_actor(options["user"]), upload=upload, dry_run=options["dry_run"])
        except ApplicationError as error:
            for line in error.extra.get("errors", []):
                self.stderr.write(line)
            raise CommandError(error.message.splitlines()[0]) from error
        for name, count in report.unmatched_departments:
            self.stdout.write(f"未匹配的部门或窗口：{name}（{count} 件）")
        for name, count in report.unmatched_items[:50]:
            self.stdout.write(f"未匹配的事项：{name}（{count} 件）")
        prefix = "预览（未写入）" if options["dry_run"] else "已导入"
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}：读取 {report.read} 行，新增办件 {report.created} 件，重复跳过 {report.skipped} 件"))
