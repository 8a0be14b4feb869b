"""zhengce (政策): Chinese local-government policy documents as structured, searchable data."""

__version__ = "0.1.0"
