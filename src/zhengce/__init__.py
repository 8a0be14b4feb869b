"""zhengce (政策): Chinese local-government policy documents as structured, searchable data.

The sub-packages, in the order data flows through them: ``text`` → ``parse`` → ``extract`` → ``db`` →
``access`` → ``library`` / ``supervision`` / ``datagov`` / ``calc`` / ``eligibility`` → ``web`` / ``cli``
(``calendar``: working days and cycles, used from ``parse`` upwards). See README.md, "Architecture".
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
