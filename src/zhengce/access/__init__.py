"""Who may do what: accounts, roles, sessions, tokens, and the audit log (hash-chained).

Modules: ``accounts`` (Actor, roles, sign-in, audit), ``auditchain`` (the audit log's chain).
"""
