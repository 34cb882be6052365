"""Customer analytics computed from the warehouse: models that go beyond counting."""
