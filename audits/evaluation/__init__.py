"""Service evaluation and improvement (服务评价与改进, node 305): satisfaction ratings and
surveys, complaints, window scorecards, and the management review that closes the loop.

Layout: models/ (data and invariants), services/ (writes), selectors/ (reads and figures),
documents/ (pure renderers context -> bytes), views/ (thin). Imports point up the layers:
this package may import audits, standards and qms.*; nothing below it imports it."""
