"""Government data resources (永政办发〔2022〕13号): catalog, sharing and opening with statutory clocks.

Modules: ``rules`` (clocks, masking), ``entries`` (a catalog entry's fields, classes and checks), ``exchange``
(the catalog as .xlsx and DCAT), ``catalog`` (resources, publication, duplicates), ``requests`` (share requests,
open-data applications, checks, objections).
"""

__all__ = ["catalog", "entries", "exchange", "requests", "rules"]
