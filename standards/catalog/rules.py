"""The catalogue's rules on one item, as a pure function: services and the import both use it,
so a refusal names the same field with the same words wherever the data comes from."""

from django.utils.translation import gettext as _

from .models import CaseKind, ItemType

# Field names used in refusals (form field names; the import maps them to its columns).
PROMISED, STEPS, BASES = "promised_limit", "steps", "bases"


def item_rule_errors(*, item_type: str, case_kind: str, statutory_limit: int | None, promised_limit: int,
                     step_limits: list[int], basis_count: int) -> list[tuple[str, str]]:
    """(field, message) for every rule the item breaks; empty when it keeps them all."""
    errors = []
    if statutory_limit is not None and promised_limit > statutory_limit:
        errors.append((PROMISED, _("承诺时限（%(p)d 个工作日）不能超过法定时限（%(s)d 个工作日）。")
                       % {"p": promised_limit, "s": statutory_limit}))
    if case_kind == CaseKind.IMMEDIATE and promised_limit > 1:
        errors.append((PROMISED, _("即办件的承诺时限只能是 0 或 1 个工作日（现为 %(p)d 个工作日）。")
                       % {"p": promised_limit}))
    total = sum(step_limits)
    if total > promised_limit:
        errors.append((STEPS, _("各办理环节时限合计 %(t)d 个工作日，超过了承诺时限 %(p)d 个工作日。")
                       % {"t": total, "p": promised_limit}))
    if item_type == ItemType.LICENSING and basis_count == 0:
        errors.append((BASES, _("行政许可事项必须至少有一条设定依据（法律法规名称及条款）。")))
    return errors


def procedure_title(item_name: str) -> str:
    """The title of an item's procedure standard (项目办理规程): '企业设立登记' -> '企业设立登记办理规程',
    '残疾人证办理' -> '残疾人证办理规程' (never '…办理办理规程')."""
    name = item_name.strip()
    if name.endswith("办理规程"):
        return name
    return f"{name}规程" if name.endswith("办理") else f"{name}办理规程"
