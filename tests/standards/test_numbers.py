import pytest

from standards.models import Level
from standards.numbers import level_from_number, next_code, node_code_of


@pytest.mark.parametrize("number, level", [
    ("GB/T 19001-2016", Level.NATIONAL), ("GB 2894-2008", Level.NATIONAL), ("GB/Z 1-2000", Level.NATIONAL),
    ("GBZ 188-2014", Level.NATIONAL), ("MZ/T 001-2013", Level.SECTOR), ("GA/T 1-2000", Level.SECTOR),
    ("DB41/T 1234-2019", Level.LOCAL), ("T/CAS 1-2020", Level.GROUP), ("Q/XZFW 301.01-2024", Level.ENTERPRISE),
    ("", None),
])
def test_level_is_derived_from_the_number_prefix(number, level):
    assert level_from_number(number) == level


def test_codes():
    assert node_code_of("301-02") == "301"
    assert next_code("301", ["301-01", "301-03", "302-02"]) == "301-02"
