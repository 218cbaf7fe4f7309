"""Everything that talks to the database: tables, sessions, queries, loaders, seed, import."""
