"""Evaluation writes: `<entity>_<verb>(*, actor, ...)`, atomic, refusing with ApplicationError.

Submodules: ratings (entry), rating_import (bulk import), surveys, complaints (workflow,
escalation, nonconformity), scorecards (monthly computation, manual scores, publication),
reviews (management review workflow and actions), external (外部评价 and the follow-up of its
findings). They import models, selectors and
permissions of this package, never views."""
