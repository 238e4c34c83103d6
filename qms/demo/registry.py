"""The demo centre's loaders, in order. Each is `load(stdout) -> None`, idempotent.
Apps add their demo data by adding a module to this list."""

LOADERS = [
    "qms.demo.org",        # departments, users for every role, organisation profile
    "qms.demo.standards",  # ~280 standards over the tree, documents, superseded editions
    "qms.demo.lifecycle",  # consultations, trainings, acknowledgements, checks, reviews, change requests
    "qms.demo.audits",     # this year's audit programme, audits, nonconformities, corrective actions
    "qms.demo.system_table",  # an office's own 明细表 workbook to try the import with
    "qms.demo.catalog",    # service items, procedure standards, posts, facilities
    "qms.demo.evaluation",  # a year of ratings, surveys, complaints, scorecards, management review
    "qms.demo.assessment",  # the example scoring template (示例模板) and a draft self-assessment
    "qms.demo.application",  # gaps closed, the self-assessment submitted, a final dossier built
]
