"""Evaluation writes: `<entity>_<verb>(*, actor, ...)`, atomic, refusing with ApplicationError.

Submodules: ratings (entry), rating_import (bulk import), surveys, complaints (workflow,
escalation, nonconformity), scorecards (monthly computation, manual scores, publication),
reviews (management review workflow and actions). They import models, selectors and
permissions of this package, never views."""
