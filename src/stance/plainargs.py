"""Run one typer command on plain arguments without building the typer app.

typer 0.29 converts every value through a pydantic ``TypeAdapter``: importing pydantic and
building the adapters of a command's parameters takes longer (about 0.2 s measured) than
loading the model and scoring a quote. :func:`run_plain` reads the command's own typer
declarations -- option names, flags, defaults, annotations -- so it has no option list of its
own: a new or renamed option of the command is parsed here as soon as it is declared.

It takes only plain forms: ``--name VALUE``, ``--name=VALUE``, boolean flags and positional
arguments whose values are text, paths or whole numbers. Anything else (help, ``--``, an
unknown option, a malformed value, a list) and any usage error the command raises before it
starts returns False, and typer runs the command as usual to print its own message.
"""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path
from typing import Callable

import typer
from typer.models import ArgumentInfo, OptionInfo

_PLAIN = {str: str, Path: Path, int: lambda v: int(v) if re.fullmatch(r"[+-]?\d+", v) else None}


def _plain_type(annotation):
    """str, Path, int or bool of an annotation (``Optional[X]`` is X); None for anything else."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is typing.Union and len(args) == 1:
        annotation = args[0]
    return annotation if annotation in _PLAIN or annotation is bool else None


def parse_plain(command: Callable, args: list[str]) -> dict | None:
    """The keyword arguments typer would pass ``command`` for ``args``; None when not plain."""
    hints = typing.get_type_hints(command)
    options, positional, values = {}, [], {}
    for name, p in inspect.signature(command).parameters.items():
        info = p.default
        if not isinstance(info, (OptionInfo, ArgumentInfo)):
            return None
        values[name] = info.default
        kind = _plain_type(hints.get(name))
        if isinstance(info, ArgumentInfo):
            positional.append((name, kind))
        else:
            options.update((decl, (name, kind)) for decl in info.param_decls)
    todo = iter(args)
    for a in todo:
        if a.startswith("-") and a != "-":
            decl, eq, value = a.partition("=")
            if decl not in options:
                return None
            name, kind = options[decl]
            if kind is bool:
                if eq:
                    return None
                values[name] = True
                continue
            value = value if eq else next(todo, None)
        else:
            if not positional:
                return None
            (name, kind), value = positional.pop(0), a
        converted = _PLAIN[kind](value) if kind in _PLAIN and value is not None else None
        if converted is None:
            return None
        values[name] = converted
    return None if any(v is ... for v in values.values()) else values


def run_plain(command: Callable, args: list[str]) -> bool:
    """Run ``command`` on ``args`` if they are plain; False: let typer run it.

    The command raises its usage errors (:class:`typer.BadParameter`) before it reads input or
    writes output, so typer can run it again to print the error with the usage line.
    """
    kwargs = parse_plain(command, args)
    if kwargs is None:
        return False
    try:
        command(**kwargs)
    except typer.BadParameter:
        return False
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    return True
