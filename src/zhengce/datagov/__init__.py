"""Government data resources (永政办发〔2022〕13号): catalog, sharing and opening with statutory clocks.

Modules: ``rules`` (clocks, classes, masking), ``catalog`` (resources, duplicates, DCAT), ``requests`` (share
requests, open-data applications, checks, objections).
"""
