"""Shared fixtures for the check tests: the shipped reference data on a fixed date."""

import pytest

from checks.base import Reference
from checks.reference import default_reference


@pytest.fixture
def ref() -> Reference:
    return default_reference(today="2025-06-01")
