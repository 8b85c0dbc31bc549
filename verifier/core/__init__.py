"""The consensus-critical verifier: what a court audits (AUDIT.md)."""
