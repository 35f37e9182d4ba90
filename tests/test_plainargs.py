"""The plain-argument runner reads a command's own typer declarations (stance.plainargs)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import pytest
import typer

from stance.plainargs import parse_plain, run_plain


def greet(
    name: Optional[str] = typer.Argument(None, help="Who. Example: bob"),
    count: int = typer.Option(1, "--count", "-c", help="How often. Example: -c 2"),
    loud: bool = typer.Option(False, "--loud", help="Shout. Example: --loud"),
    where: Path = typer.Option(Path("here"), "--where", help="Where. Example: --where there"),
    tags: Optional[List[str]] = typer.Option(None, "--tag", help="Tags. Example: --tag a"),
):
    if name is None:
        raise typer.BadParameter("give a name")
    print(("HELLO " if loud else "hello ") * count + name + f" at {where}")


@pytest.mark.parametrize("args, expected", [
    (["bob"], {"name": "bob", "count": 1, "loud": False, "where": Path("here"), "tags": None}),
    (["--count=3", "--loud", "-", "--where", "x/y"], {"name": "-", "count": 3, "loud": True, "where": Path("x/y"),
                                                      "tags": None}),
    (["-c", "2", "ann"], {"name": "ann", "count": 2, "loud": False, "where": Path("here"), "tags": None}),
])
def test_plain_forms_give_what_the_declarations_say(args, expected):
    assert parse_plain(greet, args) == expected


@pytest.mark.parametrize("args", [
    ["--count", "two", "bob"], ["--count"], ["--loud=1", "bob"], ["--tag", "a", "bob"], ["bob", "ann"],
    ["--shout", "bob"], ["--", "bob"], ["--help"], ["-c2", "bob"],
])
def test_anything_not_plain_is_left_to_typer(args):
    assert parse_plain(greet, args) is None


def test_a_usage_error_of_the_command_is_left_to_typer_and_a_run_prints(capsys):
    assert run_plain(greet, []) is False
    assert run_plain(greet, ["-c", "2", "--loud", "bob"]) is True
    assert capsys.readouterr().out == "HELLO HELLO bob at here\n"
