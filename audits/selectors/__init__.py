"""Reads for audits. audits: scope, lists, coverage matrix; nonconformities: who sees what,
overdue, the register; figures: the numbers the pages and the dashboard show; reports: the plain
contexts the document renderers take. figures and reports may import the other two."""
