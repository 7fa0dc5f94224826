"""One module per structure a plan document can hold; each returns plain dataclasses (no Django)."""
