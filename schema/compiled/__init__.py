"""Compiled execution of read operations: answers built straight from SQL rows.

graphql-core resolves a query field by field (about 11 µs a field, most of a big read's cost).
For a query whose every selected field is one this package knows (connections of table-backed
nodes, their columns, a few to-one links, `node(id:)`), `CompiledExecution` instead reads each
level of the query in one statement for all parents, selecting only the columns asked for, and
builds the response dictionaries from the rows. The statements and the visibility rules are the
normal path's own (resolvers/connections.py, the loaders, auth/), and every leaf is serialised by
its GraphQL type, so both paths give the same answers (tests/compiled/ compares them).

Anything else (computed fields, mutations, subscriptions, fields guarded by permissions other than
a rating's comment, distance lists), and any surprise on the way (a bad argument, a null where the
schema promises a value), runs the whole operation on the normal executor instead. Parsing,
validation and every extension (costs, limits, persisted documents, errors) stay as they are.
"""
