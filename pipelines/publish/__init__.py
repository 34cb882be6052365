"""The pseudonymised copy of the marts for BI tools (docs/publishing.md)."""
