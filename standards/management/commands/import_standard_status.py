"""python manage.py import_standard_status FILE.xlsx [--dry-run] [--user USERNAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms.core.errors import ApplicationError
from standards.imports import CREATE, IGNORED, UNCHANGED, UPDATE, ImportRefused, standard_status_import

from .import_standards import Command as StandardsImport


class Command(BaseCommand):
    help = "从标准状态表（.xlsx，如全国标准信息公共服务平台的查询结果）导入采用标准的状态；有任何错误则不导入任何内容。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要做的修改，不写入")
        parser.add_argument("--user", default="", help="以该用户（须为标准化办公室）的名义导入；默认第一位办公室用户")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = StandardsImport.actor(self, options["user"])
        try:
            with path.open("rb") as upload:
                plan = standard_status_import(actor=actor, upload=upload, filename=path.name,
                                              dry_run=options["dry_run"])
        except ImportRefused as refused:
            for error in refused.plan.errors:
                self.stderr.write(str(error))
            raise CommandError(refused.message) from refused
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for item in plan.rows:
            if item.action in (CREATE, UPDATE) or (item.flagged and item.action != IGNORED):
                flag = " ⚠" if item.flagged else ""
                self.stdout.write(f"{item.action_label}{flag} {item.row.number} {'；'.join(item.changes)}")
        prefix = "（试运行，未写入）" if options["dry_run"] else ""
        self.stdout.write(f"{prefix}新增状态 {plan.count(CREATE)}，状态变更 {plan.count(UPDATE)}，"
                          f"不变 {plan.count(UNCHANGED)}，本单位未采用 {plan.count(IGNORED)}，"
                          f"被代替或废止 {plan.counts['flagged']}")
