"""Running klantbeeld day to day: source freshness checks and alerts (docs/operations.md)."""
