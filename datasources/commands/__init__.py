"""The SQL of the workflow commands, one module per domain."""
