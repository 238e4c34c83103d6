"""Linking a case's department and item text to the organisation and the catalogue, where the
names match; what does not match is counted for the import's report."""

from collections import Counter

from qms.core.spreadsheets import normalize_code
from qms.org.models import Department
from standards.catalog.models import ServiceItem


def _department_keys(dept: Department) -> list[str]:
    return [k for k in (dept.name, dept.code, dept.window, dept.name.removesuffix("窗口")) if k]


class Lookups:
    """Name tables read once per import; `link` fills department, item, window and the limit."""

    def __init__(self):
        self.departments: dict[str, Department] = {}
        for dept in Department.objects.filter(is_active=True):
            for key in _department_keys(dept):
                self.departments.setdefault(normalize_code(key), dept)
        self.items: dict[str, list[ServiceItem]] = {}
        for item in ServiceItem.objects.filter(is_active=True).select_related("department"):
            self.items.setdefault(normalize_code(item.name), []).append(item)
        self.unmatched_departments: Counter = Counter()
        self.unmatched_items: Counter = Counter()
        self.without_limit = 0
        self._links: dict[tuple, tuple] = {}  # (department text, window, item name) -> (department, item)

    def department(self, name: str, window: str) -> Department | None:
        for text in (name, window):
            key = normalize_code(text)
            found = self.departments.get(key) or self.departments.get(key.removesuffix("窗口"))
            if found:
                return found
        return None

    def item(self, name: str, department: Department | None) -> ServiceItem | None:
        candidates = self.items.get(normalize_code(name), [])
        same = [i for i in candidates if department and i.department_id == department.pk]
        if same:
            return same[0]
        return candidates[0] if len(candidates) == 1 and department is None else None

    def _match(self, department_name: str, window: str, item_name: str) -> tuple:
        """The department and item the texts name, looked up once per distinct combination."""
        key = (department_name, window, item_name)
        found = self._links.get(key)
        if found is None:
            dept = self.department(department_name, window)
            found = self._links[key] = (dept, self.item(item_name, dept))
        return found

    def link(self, values: dict) -> None:
        dept, item = self._match(values["department_name"], values["window"], values["item_name"])
        if dept is None:
            self.unmatched_departments[values["department_name"] or values["window"] or "（空）"] += 1
        if item is None:
            self.unmatched_items[values["item_name"]] += 1
        if values["promised_limit"] is None and item is not None:
            values["promised_limit"] = item.promised_limit
        if values["promised_limit"] is None:
            self.without_limit += 1
        values["window"] = values["window"] or (dept.window if dept else "")
        values["department"], values["item"] = dept, item
