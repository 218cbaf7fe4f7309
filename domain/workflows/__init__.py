"""The workflows' rules: state machines, input validation and accounting, all pure."""
