"""Shared fixtures: the mini test scenario and the shipped default scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_game import loader
from alliance_game.scenario import Scenario

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="session")
def mini() -> Scenario:
    return loader.load(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def default() -> Scenario:
    return loader.load(ROOT / "scenarios" / "default.yaml")
