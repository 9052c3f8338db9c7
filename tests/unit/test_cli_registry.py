"""The `wms` command table: every command is registered by the module the table names."""

from __future__ import annotations

import argparse

import pytest

from wms.cli import COMMAND_HELP, COMMANDS, build_parser, requested_command


def registered_commands(parser: argparse.ArgumentParser) -> set[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_help_lists_every_command_of_the_table():
    assert registered_commands(build_parser()) == set(COMMANDS)
    assert registered_commands(build_parser(all_modules=True)) == set(COMMANDS)
    assert list(COMMAND_HELP) == list(COMMANDS)


def test_the_overview_shows_the_help_line_each_module_registers():
    action = next(
        a
        for a in build_parser(all_modules=True)._actions
        if isinstance(a, argparse._SubParsersAction)
    )
    assert {choice.dest: choice.help for choice in action._choices_actions} == COMMAND_HELP


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_is_registered_by_its_own_module(command):
    assert command in registered_commands(build_parser(command))


def test_the_command_is_found_after_global_options():
    assert (
        requested_command(["--db", "x.db", "--config", "s.toml", "stock", "--sku", "A"]) == "stock"
    )
    assert requested_command(["--db", "stock"]) is None
    assert requested_command(["--help"]) is None
