"""Person-by-person imports (test scores, attendance): the preview plan the shared import view
(`standards.views.system_table.StandardImportView`) shows and stages, a tolerant person lookup
(工号 = login name, or the name as shown), and the row-error wording every import uses
(第 N 行“列”：why)."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from .spreadsheets import normalize_code

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTION_LABELS = {CREATE: "新增", UPDATE: "更新", UNCHANGED: "不变"}


@dataclass
class PersonRow:
    row: int
    person: object  # the user
    values: dict
    action: str = CREATE
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class PersonRowsPlan:
    filename: str
    rows: list[PersonRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {CREATE: self.count(CREATE), UPDATE: self.count(UPDATE), UNCHANGED: self.count(UNCHANGED),
                "errors": len(self.errors)}


def with_units(aliases: dict[str, list[str]], *units: str) -> dict[str, list[str]]:
    """Each alias also with a unit after it, as exports write them: 应出勤(天), 成绩（分）."""
    return {key: [*names, *(f"{name}({unit})" for name in names for unit in units)]
            for key, names in aliases.items()}


def row_error(row: int, column: str, why: str) -> str:
    return _("第 %(row)d 行“%(col)s”列：%(why)s") % {"row": row, "col": column, "why": why}


class PersonLookup:
    """Active people by 工号 (login name) or by name; a name two people share is ambiguous and
    must be given as 工号."""

    def __init__(self):
        self.by_number, self.by_name, self.shared = {}, {}, set()
        for user in get_user_model().objects.filter(is_active=True):
            self.by_number[normalize_code(user.username).lower()] = user
            name = normalize_code(user.display_name)
            if name in self.by_name:
                self.shared.add(name)
            self.by_name[name] = user

    def find(self, number, name) -> tuple[object | None, str]:
        """(user, why not found)."""
        number, name = normalize_code(number).lower(), normalize_code(name)
        if number:
            user = self.by_number.get(number)
            if user is None:
                return None, _("系统中没有工号“%(v)s”") % {"v": number}
            if name and normalize_code(user.display_name) != name:
                return None, _("工号“%(n)s”是%(who)s，与姓名“%(v)s”不符") % {
                    "n": number, "who": user.display_name, "v": name}
            return user, ""
        if not name:
            return None, _("工号和姓名均为空")
        if name in self.shared:
            return None, _("有多人名为“%(v)s”，请填写工号") % {"v": name}
        user = self.by_name.get(name)
        return (user, "") if user else (None, _("系统中没有人员“%(v)s”") % {"v": name})
