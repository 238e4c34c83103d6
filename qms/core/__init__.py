"""Cross-cutting toolkit: domain errors, numbering, uploads, documents, generated files,
notifications. Base layer: imports nothing of ours except qms.org."""
