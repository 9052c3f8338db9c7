"""The warehouse's entities, value objects and rules: pure Python."""
