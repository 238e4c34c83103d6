"""Pure renderers: a plain context (from a selector) in, file bytes out. No ORM, no request."""
