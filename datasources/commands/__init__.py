"""The SQL of the workflow commands, one module per domain, run inside the transaction given."""
