"""Evaluation reads. Submodules: settings (the settings row), satisfaction (rates by database
aggregation), complaints (lists, masking), scorecards, reviews (compiled review inputs)."""
