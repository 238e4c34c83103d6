"""The demo centre: `manage.py load_demo` loads a county service centre from fixtures/demo/.
Top layer: may import every app."""
