"""The demo centre's loaders, in order. Each is `load(stdout) -> None`, idempotent.
Apps add their demo data by adding a module to this list. The dossiers they leave queued are
built after the last (`load_demo`: in its process, or in a process of its own)."""

LOADERS = [
    "qms.demo.org",        # departments, users for every role, organisation profile
    "qms.demo.official",   # the centre's 发文机关代字 (文号 of notices)
    "qms.demo.standards",  # ~280 standards over the tree, documents, superseded editions
    "qms.demo.figures",    # adopted basic standards marked as checked through others (检查覆盖面)
    "qms.demo.lifecycle",  # consultations, trainings, acknowledgements, checks, reviews, change requests
    "qms.demo.auditors",   # the register of internal auditors (one expiring soon), audit points of service standards
    "qms.demo.audits",     # this year's audit programme, audits, nonconformities, corrective actions
    "qms.demo.system_table",  # an office's own 明细表 workbook to try the import with
    "qms.demo.catalog",    # service items, procedure standards, posts, facilities
    "qms.demo.cases",      # about 30,000 cases over twelve months, imported as the hall system exports them
    "qms.demo.evaluation",  # a year of ratings, surveys, complaints, scorecards, management review
    "qms.demo.training",   # training plan with sessions linked, test scores, external training, 员工考核 and 服务之星
    "qms.demo.upkeep",     # the year's implementation checks and 复审 done on time (realistic figures)
    "qms.demo.improvements",  # a dozen continual improvements with the figures they moved
    "qms.demo.leadership",  # the leading group and its office, meetings and decisions, 实施方案 and this year's plan
    "qms.demo.external",   # a third-party survey, a deputies' appraisal, a mystery-shopper visit with findings
    "qms.demo.assessment",  # the example scoring template (示例模板) and a draft self-assessment
    "qms.demo.currency",   # 2023 tree, this year's 有效性确认 and replacements adopted (runs last)
    "qms.demo.application",  # gaps closed, the self-assessment submitted, a final dossier requested
]
