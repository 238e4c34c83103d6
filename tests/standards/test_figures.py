import pytest

from qms.core.figures import figure_value

from .helpers import make_in_force, make_standard

pytestmark = pytest.mark.django_db


def test_system_completeness_counts_subsystems_with_a_standard_in_force(office_user):
    make_in_force(office_user, node="301")
    make_in_force(office_user, node="203", code="203-01", number="GB 2894-2008")
    make_standard(office_user, node="204")  # planned only: does not count
    value = figure_value("system_completeness")
    assert (value.numerator, value.denominator) == (2, 20)
    assert value.value == 10.0
    assert "204职业健康标准" in value.detail
