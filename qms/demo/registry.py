"""The demo centre's loaders, in order. Each is `load(stdout) -> None`, idempotent.
Apps add their demo data by adding a module to this list."""

LOADERS = [
    "qms.demo.org",        # departments, users for every role, organisation profile
    "qms.demo.standards",  # ~280 standards over the tree, documents, superseded editions
    "qms.demo.assessment",  # the example scoring template (示例模板) and a draft self-assessment
]
