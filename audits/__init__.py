"""Internal audits, nonconformities and corrective actions; service evaluation and
management review (evaluation and improvement)."""
