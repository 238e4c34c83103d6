"""Audit records (filled by the internal-audit issue)."""
