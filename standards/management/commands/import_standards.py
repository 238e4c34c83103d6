"""python manage.py import_standards FILE.xlsx [--dry-run] [--user USERNAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms.core.errors import ApplicationError
from qms.org.models import ROLE_GROUP_NAMES, Role, User
from standards.imports import CREATE, UNCHANGED, UPDATE, ImportRefused, standard_import


class Command(BaseCommand):
    help = "从标准明细表（.xlsx）导入标准；有任何错误则不导入任何内容。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要做的修改，不写入")
        parser.add_argument("--user", default="", help="以该用户（须为标准化办公室）的名义导入；默认第一位办公室用户")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = self.actor(options["user"])
        try:
            with path.open("rb") as upload:
                plan = standard_import(actor=actor, upload=upload, filename=path.name, dry_run=options["dry_run"])
        except ImportRefused as refused:
            for error in refused.plan.errors:
                self.stderr.write(str(error))
            raise CommandError(refused.message) from refused
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for row_plan in plan.rows:
            if row_plan.action != UNCHANGED and options["verbosity"] > 1:
                self.stdout.write(f"{row_plan.action_label} {row_plan.row.code} {row_plan.row.name} "
                                  f"{'；'.join(row_plan.changes)}")
        prefix = "（试运行，未写入）" if options["dry_run"] else ""
        self.stdout.write(f"{prefix}新增 {plan.count(CREATE)}，更新 {plan.count(UPDATE)}，"
                          f"不变 {plan.count(UNCHANGED)}")

    def actor(self, username: str):
        users = User.objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"用户不存在：{username}")
            return user
        user = users.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE]).order_by("username").first()
        if user is None:
            raise CommandError("没有标准化办公室用户；请用 --user 指定。")
        return user
