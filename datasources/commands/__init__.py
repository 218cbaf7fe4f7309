"""The SQL of each mutation's command, one module per domain (see docs/workflows.md)."""
