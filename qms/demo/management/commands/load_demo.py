"""`manage.py load_demo`: load the demo county service centre (idempotent).

Runs every loader listed in qms.demo.registry.LOADERS, in order; each loader is all-or-nothing
and creates only what is missing, so running the command twice changes nothing. Then it builds
the dossiers the loaders left queued (the final dossier, with its bound PDF: LibreOffice's work,
about half of the load): in this process, or, with --dossier-in-background (as `make run` does),
in a process of its own (`build_dossier --queued`, its output in var/log/demo-dossier.log) that
goes on while the server starts; the dossier's page shows its progress."""

import gc
import importlib
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from qms.demo.registry import LOADERS
from qms.dossier.models import Dossier
from qms.dossier.services import dossiers_build_queued

LOG = "var/log/demo-dossier.log"


class Command(BaseCommand):
    help = "载入演示用县级政务服务中心数据（可重复执行，不会重复创建）。"
    # `migrate`, which runs before it (make run), has run the system checks; they would import
    # every view again here (about 1 s of a load that a new user waits for).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--dossier-in-background", action="store_true",
                            help="正式汇编在另一进程中生成（不等待；进度见汇编页面）")

    def handle(self, *args, dossier_in_background=False, **options):
        # The demo's notifications stay in the app: no e-mail for hundreds of made-up people.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            started = time.monotonic()
            self._load()
            queued = list(Dossier.objects.filter(status=Dossier.Status.QUEUED).order_by("pk"))
            if queued and dossier_in_background:
                self._build_apart(queued)
            elif queued:
                self._build_here()
        self.stdout.write(self.style.SUCCESS(f"演示数据载入完成，共用时 {time.monotonic() - started:.1f} 秒。"))

    def _load(self):
        for path in LOADERS:
            self.stdout.write(f"{path} …")
            step = time.monotonic()
            importlib.import_module(path).load(self.stdout)
            gc.freeze()  # what each step leaves is kept: later collections need not walk it again (~7% CPU)
            self.stdout.write(f"  用时 {time.monotonic() - step:.1f} 秒")

    def _build_here(self):
        step = time.monotonic()
        self.stdout.write("申请材料汇编 …")
        dossiers_build_queued(report=lambda dossier, job: self.stdout.write(
            f"  {dossier}：{job.get_status_display()} {job.error[:200]}"))
        self.stdout.write(f"  用时 {time.monotonic() - step:.1f} 秒")

    def _build_apart(self, queued):
        """`build_dossier --queued` in a child process, in this one's process group: stopping
        `make run` (Ctrl-C) stops it too, and the dossier is then marked failed (re-run by the
        next load_demo, or by its page's button)."""
        log = settings.BASE_DIR / LOG
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as output:
            subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"), "build_dossier", "--queued"],  # noqa: S603
                             cwd=settings.BASE_DIR, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        for dossier in queued:
            self.stdout.write(f"{dossier}正在后台生成（约需半分钟；进度见 /dossiers/{dossier.pk}/，日志 {LOG}）。")
