"""Demo: the office's marking of the adopted basic standards (guides, terms, numbers, quantities
and units, measurement) as checked through the standards that use them, so 检查覆盖面 asks a
check of their own only of the standards a centre really checks. Runs after qms.demo.standards
and before qms.demo.lifecycle (whose implementation checks skip the marked standards)."""

from django.db import transaction

from qms.org.models import Role
from standards.models import Origin, Standard, StandardStatus
from standards.selectors import users_with_role
from standards.services import standard_update

CHECKED_THROUGH_OTHERS_NODES = ("101", "102", "104", "105", "106")


@transaction.atomic
def load(stdout) -> None:
    office = users_with_role(Role.OFFICE).first()
    basic = Standard.objects.filter(origin=Origin.ADOPTED, node__code__in=CHECKED_THROUGH_OTHERS_NODES,
                                    checked_through_others=False).exclude(status=StandardStatus.WITHDRAWN)
    if office is None:
        stdout.write("figures: skipped (no office user)")
        return
    marked = 0
    for standard in basic:
        standard_update(actor=office, standard=standard, expected_version=standard.version,
                        reason="基础类采用标准，随使用它的标准一并检查（演示数据）", checked_through_others=True)
        marked += 1
    stdout.write(f"figures: {marked} adopted basic standards marked as checked through others")
