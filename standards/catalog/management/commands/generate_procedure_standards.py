from django.core.management.base import BaseCommand, CommandError

from qms.org.models import Department
from standards.catalog.services import procedure_standards_generate_all

from ._actor import add_user_argument, command_actor


class Command(BaseCommand):
    help = "依据事项数据生成项目办理规程；数据未变的事项不产生新版本（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--department", help="department code (default: every department)")
        parser.add_argument("--publish", action="store_true",
                            help="also publish every generated draft (依据事项目录数据生成)")
        add_user_argument(parser)

    def handle(self, *args, **options):
        department = None
        if options["department"]:
            department = Department.objects.filter(code=options["department"]).first()
            if department is None:
                raise CommandError(f"部门编码 {options['department']} 不存在。")
        results = procedure_standards_generate_all(actor=command_actor(options["user"]), department=department,
                                                   publish=options["publish"])
        counts: dict[str, int] = {}
        for result in results:
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
            if result.outcome == "failed":
                self.stderr.write(f"{result.item.code} {result.item.name}: {result.error}")
        self.stdout.write(self.style.SUCCESS(
            f"事项 {len(results)} 个：新建草稿 {counts.get('created', 0)}，更新草稿 {counts.get('updated', 0)}，"
            f"未变化 {counts.get('unchanged', 0)}，失败 {counts.get('failed', 0)}"))
