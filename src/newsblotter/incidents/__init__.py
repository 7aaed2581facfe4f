"""Stage: see docs/architecture.md."""
