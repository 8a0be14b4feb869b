"""The supervision cycle: campaigns, tasks assigned to units, reports, reviews, lights, the issue ledger,
scoring and bulletins.

Modules: ``core`` (campaigns, reports, issues, views), ``scoring``, ``bulletin``.
"""
