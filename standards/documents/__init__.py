"""Pure renderers of the standards app: a context in, file bytes out (no ORM, no request)."""
