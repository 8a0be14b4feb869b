"""Government data resources (永政办发〔2022〕13号): catalog, sharing and opening with statutory clocks.

Modules: ``rules`` (clocks, masking), ``entries`` (a catalog entry's fields, classes and checks), ``exchange``
(the catalog as .xlsx and DCAT), ``catalog`` (resources, publication, duplicates), ``requests`` (share requests,
open-data applications, checks, objections), ``duties`` (every clock as a department's duty: reminded,
escalated, counted under clause 38), ``board`` (a department's dashboard).
"""

__all__ = ["board", "catalog", "duties", "entries", "exchange", "requests", "rules"]
