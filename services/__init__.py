"""The SQL of the mutations' commands, one module per domain, each inside a given transaction."""
