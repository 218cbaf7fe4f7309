"""Matching (精准对接), pure: hard filters, the explainable score, ranking over arrays, the
volunteers' opportunities and the global allocation plan. No I/O; see docs/matching.md."""
