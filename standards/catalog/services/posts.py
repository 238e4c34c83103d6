"""Posts (岗位) with their work standards, and listed facilities (物) with their management standard."""

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.bulk import bulk_save_with_history
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import Facility, Post
from ..permissions import can_edit_catalog, can_edit_department_catalog

POST_FIELDS = ("name", "duties", "order", "is_active")
FACILITY_FIELDS = ("department", "name", "location", "management_standard", "notes", "is_active")


def _check_post_name(department, name: str, *, exclude_pk=None):
    if not (name or "").strip():
        raise ApplicationError(_("请填写岗位名称。"), field="name")
    if Post.objects.filter(department=department, name=name.strip()).exclude(pk=exclude_pk).exists():
        raise ApplicationError(_("%(d)s 已有岗位“%(n)s”。") % {"d": department, "n": name}, field="name")


@transaction.atomic
def post_create(*, actor, department, name: str, duties: str = "", work_standards=(), order: int = 0,
                reason: str = "") -> Post:
    if not can_edit_department_catalog(actor, department):
        raise PermissionRefused(_("只有标准化办公室或本部门负责人可以维护该部门的岗位。"))
    _check_post_name(department, name)
    post = save_with_reason(Post(department=department, name=name.strip(), duties=duties, order=order),
                            actor=actor, reason=reason or _("新增岗位"))
    if work_standards:
        post.work_standards.set(work_standards)
    return post


@transaction.atomic
def posts_create(*, actor, posts: list[dict], reason: str = "") -> list[Post]:
    """`post_create` for many posts (each a dict of its keyword arguments): the same checks and the
    same rows and history (a '+' row, then a '~' row with the work standards for a post that has
    some), in a few statements instead of a dozen per post. All or nothing."""
    reason = reason or _("新增岗位")
    departments = {spec["department"].pk: spec["department"] for spec in posts}
    taken = set(Post.objects.filter(department_id__in=departments).values_list("department_id", "name"))
    created, standards = [], {}
    for spec in posts:
        department, name = spec["department"], (spec.get("name") or "").strip()
        if not can_edit_department_catalog(actor, department):
            raise PermissionRefused(_("只有标准化办公室或本部门负责人可以维护该部门的岗位。"))
        if not name:
            raise ApplicationError(_("请填写岗位名称。"), field="name")
        if (department.pk, name) in taken:
            raise ApplicationError(_("%(d)s 已有岗位“%(n)s”。") % {"d": department, "n": name}, field="name")
        taken.add((department.pk, name))
        post = Post(department=department, name=name, duties=spec.get("duties", ""), order=spec.get("order", 0))
        created.append(post)
        standards[id(post)] = sorted({s.pk for s in spec.get("work_standards", ())})  # as `set` adds them
    bulk_save_with_history(Post, created=created, actor=actor, reason=reason)
    through = Post.work_standards.through
    through.objects.bulk_create([through(post_id=post.pk, standard_id=pk) for post in created
                                 for pk in standards[id(post)]])
    linked = [post for post in created if standards[id(post)]]
    bulk_save_with_history(Post, changed=linked, actor=actor, reason=reason, clean=False)  # the m2m's '~' row
    return created


@transaction.atomic
def post_update(*, actor, post: Post, work_standards=None, reason: str = "", **fields) -> Post:
    """Change a post's name, duties, order or state, and (when given) its whole set of work standards."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not can_edit_department_catalog(actor, post.department):
        raise PermissionRefused(_("只有标准化办公室或本部门负责人可以维护该部门的岗位。"))
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    if "name" in fields:
        _check_post_name(post.department, fields["name"], exclude_pk=post.pk)
        fields["name"] = fields["name"].strip()
    for name, value in fields.items():
        setattr(post, name, value)
    post._change_reason = reason or _("修改岗位")
    if work_standards is not None:
        post.work_standards.set(work_standards)
    return save_with_reason(post, actor=actor, reason=reason or _("修改岗位"))


@transaction.atomic
def facility_create(*, actor, name: str, reason: str = "", **fields) -> Facility:
    if not can_edit_catalog(actor):
        raise PermissionRefused(_("只有标准化办公室可以维护设施设备清单。"))
    if not (name or "").strip():
        raise ApplicationError(_("请填写设施设备名称。"), field="name")
    unknown = set(fields) - set(FACILITY_FIELDS)
    if unknown:
        raise ApplicationError(_("不能设置字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    return save_with_reason(Facility(name=name.strip(), **fields), actor=actor, reason=reason or _("新增设施设备"))


@transaction.atomic
def facility_update(*, actor, facility: Facility, reason: str = "", **fields) -> Facility:
    if not can_edit_catalog(actor):
        raise PermissionRefused(_("只有标准化办公室可以维护设施设备清单。"))
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    unknown = set(fields) - set(FACILITY_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    if "name" in fields and not (fields["name"] or "").strip():
        raise ApplicationError(_("请填写设施设备名称。"), field="name")
    for name, value in fields.items():
        setattr(facility, name, value)
    return save_with_reason(facility, actor=actor, reason=reason or _("修改设施设备"))
