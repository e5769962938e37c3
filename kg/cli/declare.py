"""Click parameters built from the Click-free declarations in :mod:`kg.cli.options`."""

from __future__ import annotations

import click

from . import complete
from .options import Argument, Option


def _click_option(option: Option):
    kwargs: dict = {"help": option.help}
    if option.kind == "flag":
        kwargs["is_flag"] = True
    else:
        kwargs["metavar"] = option.metavar
    if option.multiple:
        kwargs["multiple"] = True
    if option.nargs != 1:
        kwargs["nargs"] = option.nargs
    if option.kind == "float":
        kwargs.update(type=float, default=option.default, show_default=True,
                      metavar=option.metavar or "FLOAT")
    elif option.kind == "dir":
        kwargs["type"] = click.Path(file_okay=False)
    if option.complete:
        kwargs["shell_complete"] = getattr(complete, option.complete)
    return click.option(*option.decls, option.dest, **kwargs)


def click_params(argument: Argument | None, options: tuple[Option, ...]):
    """A decorator adding ``argument`` (optional, as ``kg query`` takes it) and ``options``."""
    def decorate(function):
        for option in reversed(options):
            function = _click_option(option)(function)
        if argument is not None:
            completer = getattr(complete, argument.complete) if argument.complete else None
            function = click.argument(argument.dest, required=False, metavar=argument.metavar,
                                      shell_complete=completer)(function)
        return function
    return decorate
