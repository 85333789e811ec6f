"""Errors that hingecoach raises for problems a user can fix.

Each message is one sentence: what was wrong, the value, and what to do. Edges
(the CLI, the web app) catch :class:`HingecoachError`, print that sentence and
exit with status 2; nothing else should reach the user as a traceback.
"""


class HingecoachError(Exception):
    """Base class for every error meant to be shown to the user as one sentence."""


class InputError(HingecoachError, ValueError):
    """The input (file, array, parameter) is missing, malformed or unusable."""


class NoPersonError(HingecoachError):
    """No person (or not enough of one) could be tracked in the input."""


class ViewError(HingecoachError):
    """The camera view does not allow the requested measurement."""
