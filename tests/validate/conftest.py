"""Fixtures the validation tests share: the bundled shapes and ontology, parsed once a module."""

from __future__ import annotations

import pytest

from kg.validate.engine import bundled_ontology, bundled_shapes


@pytest.fixture(scope="module")
def shapes():
    return bundled_shapes()


@pytest.fixture(scope="module")
def ontology():
    return bundled_ontology()
