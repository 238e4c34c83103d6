"""Test data factories. Named users per role live in conftest fixtures."""

import factory
from django.contrib.auth.models import Group

from qms.org.models import ROLE_GROUP_NAMES, Department, User
from standards.models import Level, Origin, Standard, StandardStatus, SystemNode


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"测试部门{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "测"
    first_name = factory.Sequence(lambda n: f"用户{n}")
    department = factory.SubFactory(DepartmentFactory)
    password = factory.django.Password("pw-123456")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[ROLE_GROUP_NAMES[r] for r in extracted]))


def node(code: str) -> SystemNode:
    return SystemNode.objects.get(code=code)


class StandardFactory(factory.django.DjangoModelFactory):
    """A planned standard row (use services to give it editions)."""

    class Meta:
        model = Standard

    code = factory.Sequence(lambda n: f"301-{n + 50:02d}")
    name = factory.Sequence(lambda n: f"测试标准{n}")
    level = Level.ENTERPRISE
    origin = Origin.IN_HOUSE
    node = factory.LazyFunction(lambda: SystemNode.objects.get(code="301"))
    status = StandardStatus.PLANNED


def qualify(user, *, obtained_on=None, expires_on=None, number: str = ""):
    """Enter an internal-auditor qualification (内审员名册) for `user`, by default valid for years
    either side of any test date."""
    import datetime as dt

    from audits.models import AuditorQualification

    return AuditorQualification.objects.create(
        auditor=user, course="GB/T 19011 管理体系审核指南 内审员培训", issuer="省标准化研究院",
        certificate_number=number or f"NS-{user.pk:04d}-{AuditorQualification.objects.count() + 1}",
        obtained_on=obtained_on or dt.date(2020, 1, 1), expires_on=expires_on or dt.date(2099, 12, 31))
