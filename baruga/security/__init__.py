"""Security operations: encrypted backups and their restore, response headers (CSP and friends)."""
