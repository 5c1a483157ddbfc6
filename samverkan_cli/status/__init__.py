"""Status against targets: one evaluator per target kind, roll-ups, and per-record results."""
