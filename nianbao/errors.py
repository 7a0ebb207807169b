"""Named exceptions. Messages are one line and, where there is one, name the fix."""


class NianbaoError(Exception):
    """A failure the CLI reports as one line on stderr (exit 1)."""


class ConfigError(NianbaoError):
    """Contradictory or invalid settings, found at start."""


class InputError(NianbaoError):
    """An input file or argument that cannot be used."""
