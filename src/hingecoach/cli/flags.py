"""Help that shows on/off options as flags (Typer's Rich help would print ``<bool>``)."""

from __future__ import annotations

from typing import Any

import typer.core


def _show_flags_as_flags(command: Any, ctx: Any) -> None:
    """Give every flag of a command an empty metavar, so its help shows no value type.

    Typer's Rich help prints ``param.metavar`` when it is set, else a ``<type>``; a flag
    (``--quiet``, ``--json/--no-json``, ``--help``) takes no value, so it gets none.
    """
    for param in command.get_params(ctx):
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""


class FlagsGroup(typer.core.TyperGroup):
    """A Typer group whose commands' help shows flags as flags."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The named command, its flags marked as taking no value."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _show_flags_as_flags(command, ctx)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The group's own help, its flags marked as taking no value."""
        _show_flags_as_flags(self, ctx)
        super().format_help(ctx, formatter)
