"""Demo: the centre is kept current. Runs last (after every loader that files standards).

- The tree moves from GB/T 24421.2-2009 to GB/T 24421.2-2023 (every standard's old code kept as
  原编号), through the same service the office uses.
- This year's 有效性确认: a status list is imported through the status import. Only facts
  verified from public records are in it: GB/T 24421.1–.4-2009 were replaced by the 2023 editions
  on 2023-03-17; GB/T 1.1-2020, GB/T 13016-2018, GB/T 13017-2018 and GB/T 19001-2016 are
  current. The other adopted standards stay unconfirmed (listed as such), as a real office's
  would until it has checked them.
- The findings are acted on: the four 2023 editions are adopted (recorded as supersessions).
  In-house standards that cite the 2009 editions with a date then show on 引用核查."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import Workbook

from qms.org.models import Role
from standards import services
from standards.imports import standard_status_import
from standards.models import Standard, StandardStatus, ValidityConfirmation
from standards.selectors import users_with_role
from standards.tree_templates import GBT_2009, GBT_2023

REPLACED_ON = "2023-03-17"
STATUS_ROWS = [
    ("GB/T 24421.1-2009", "服务业组织标准化工作指南 第1部分：基本要求", "废止", "2009-12-01", REPLACED_ON,
     "GB/T 24421.1-2023"),
    ("GB/T 24421.2-2009", "服务业组织标准化工作指南 第2部分：标准体系", "废止", "2009-12-01", REPLACED_ON,
     "GB/T 24421.2-2023"),
    ("GB/T 24421.3-2009", "服务业组织标准化工作指南 第3部分：标准编写", "废止", "2009-12-01", REPLACED_ON,
     "GB/T 24421.3-2023"),
    ("GB/T 24421.4-2009", "服务业组织标准化工作指南 第4部分：标准实施及评价", "废止", "2009-12-01", REPLACED_ON,
     "GB/T 24421.4-2023"),
    ("GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则", "现行", "2020-10-01", "", ""),
    ("GB/T 13016-2018", "标准体系构建原则和要求", "现行", "2019-04-01", "", ""),
    ("GB/T 13017-2018", "企业标准体系表编制指南", "现行", "", "", ""),
    ("GB/T 19001-2016", "质量管理体系 要求", "现行", "2017-07-01", "", ""),
]
# Names of the 2023 editions that differ from 2009 (verified); the others keep their names.
NEW_NAMES = {"GB/T 24421.2-2023": "服务业组织标准化工作指南 第2部分：标准体系构建"}
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def load(stdout) -> None:
    office = list(users_with_role(Role.OFFICE))
    if not office or not Standard.objects.exists():
        stdout.write("currency: skipped (no office user or no standards)")
        return
    actor = office[0]
    with transaction.atomic():
        if services.tree_template_current() == GBT_2009:
            plan = services.tree_migrate(actor=actor, target_key=GBT_2023.key)
            stdout.write(f"currency: tree moved to {GBT_2023.source}, {len(plan.changed)} codes changed")
        if ValidityConfirmation.objects.exists():
            stdout.write("currency: validity already confirmed")
            return
        plan = standard_status_import(actor=actor, upload=_status_list(), filename="标准有效性确认-状态表.xlsx")
        adopted = _act_on_findings(actor, plan)
    stdout.write(f"currency: {len(plan.matched)} adopted standards confirmed, {adopted} replacements adopted")


def _status_list() -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "标准状态"
    sheet.append(["标准号", "标准名称", "状态", "实施日期", "废止日期", "代替标准"])
    for row in STATUS_ROWS:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("标准有效性确认-状态表.xlsx", buffer.getvalue(), content_type=XLSX_CT)


def _act_on_findings(actor, plan) -> int:
    adopted = 0
    for item in plan.matched:
        if not item.flagged or item.standard.status != StandardStatus.IN_FORCE:
            continue
        replacement = item.row.replaced_by
        standard = services.adopted_standard_replace(actor=actor, standard=item.standard, number=replacement,
                                                     name=NEW_NAMES.get(replacement, ""))
        if standard.notes:
            services.standard_update(actor=actor, standard=standard, expected_version=standard.version, notes="",
                                     reason="有效性确认：已采用代替标准")
        adopted += 1
    return adopted
