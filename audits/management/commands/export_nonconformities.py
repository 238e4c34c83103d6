from pathlib import Path

from django.core.management.base import BaseCommand

from audits.documents import build_register_xlsx
from audits.models import Nonconformity
from audits.selectors.nonconformities import current_action_prefetch
from audits.selectors.reports import register_context


class Command(BaseCommand):
    help = "Write the nonconformity and corrective-action register (.xlsx), optionally for one year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="开具年度")
        parser.add_argument("--xlsx", required=True, help="输出文件路径")

    def handle(self, *args, year=None, xlsx, **options):
        queryset = Nonconformity.objects.select_related("department", "standard").order_by("raised_on", "number")
        if year:
            queryset = queryset.filter(raised_on__year=year)
        context = register_context(queryset.prefetch_related(current_action_prefetch()),
                                   filters_text=f"年度：{year}" if year else "")
        Path(xlsx).write_bytes(build_register_xlsx(context))
        self.stdout.write(f"{len(context['rows'])} 项不符合项 → {xlsx}")
