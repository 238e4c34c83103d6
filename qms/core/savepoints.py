"""Whether work done inside a savepoint still stands, for writers that hold rows back and store
them when their block ends (`standards.models.history.history_batched`,
`qms.core.workflow.events_batched`): a row made inside a savepoint that was rolled back within
the block is left out."""

from django.db import transaction


class SavepointMark:
    """Made where a held row is made: Django keeps it among the commit hooks while the savepoint
    it was made in stands, and drops it when that savepoint is rolled back. Does nothing on commit."""

    def __init__(self):
        transaction.on_commit(self)

    def __call__(self):
        return None


def marks_standing() -> set[int]:
    """The ids of the marks whose savepoints have not been rolled back (inside the transaction)."""
    return {id(func) for _sids, func, _robust in transaction.get_connection().run_on_commit}
