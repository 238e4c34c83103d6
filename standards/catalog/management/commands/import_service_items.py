from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from qms.core.errors import ApplicationError
from standards.catalog.services import items_import

from ._actor import add_user_argument, command_actor


class Command(BaseCommand):
    help = "导入事项清单（.xlsx）。全部成功才写入；--dry-run 只预览。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
        parser.add_argument("--create-departments", action="store_true",
                            help="create departments named in the file that do not exist")
        add_user_argument(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            report = items_import(actor=command_actor(options["user"]), upload=upload,
                                  dry_run=options["dry_run"], create_departments=options["create_departments"])
        except ApplicationError as error:
            for line in error.extra.get("errors", []):
                self.stderr.write(line)
            raise CommandError(error.message) from error
        for line in report.lines:
            if line.action != "unchanged":
                self.stdout.write(f"{line.sheet} 第{line.row}行 {line.name}: {line.action} {'、'.join(line.changes)}")
        for name in report.new_departments:
            self.stdout.write(f"新建部门：{name}")
        prefix = "预览（未写入）" if options["dry_run"] else "已导入"
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}：新增 {report.created}，修改 {report.updated}，无变化 {report.unchanged}"))
