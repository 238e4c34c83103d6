"""The domain's refusals. Services raise these; views turn them into messages."""


class ApplicationError(Exception):
    """A business rule refused the request. `message` is shown to the user as is."""

    def __init__(self, message, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.extra = extra or {}


class PermissionRefused(ApplicationError):
    """The actor's role does not allow the action."""


class ConcurrentEditError(ApplicationError):
    """Someone else saved the record after the actor loaded it."""


class TransitionRefused(ApplicationError):
    """The workflow does not allow this move from the current status."""
