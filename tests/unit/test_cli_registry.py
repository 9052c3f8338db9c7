"""The `wms` command table: every command is registered by the module the table names."""

from __future__ import annotations

import argparse

import pytest

from wms.cli import COMMANDS, build_parser, requested_command


def registered_commands(parser: argparse.ArgumentParser) -> set[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_help_lists_every_command_of_the_table():
    assert registered_commands(build_parser()) == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_is_registered_by_its_own_module(command):
    assert command in registered_commands(build_parser(command))


def test_the_command_is_found_after_global_options():
    assert (
        requested_command(["--db", "x.db", "--config", "s.toml", "stock", "--sku", "A"]) == "stock"
    )
    assert requested_command(["--db", "stock"]) is None
    assert requested_command(["--help"]) is None
