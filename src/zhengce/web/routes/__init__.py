"""Routes of the web application, one module per area: ``calc``, ``data``, ``eligibility``, ``lifecycle``,
``supervision``.
"""
