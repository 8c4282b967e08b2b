"""Errors the CLI turns into one clear line on stderr instead of a traceback."""


class UserError(Exception):
    """Something the user can fix (bad path, malformed input, locked database). Exit code 1."""

    exit_code = 1

