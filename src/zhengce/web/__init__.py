"""The web application: HTML pages in Chinese, each with its JSON twin.

Modules: ``app`` (create_app, app_from_environment), ``guard`` (limits on requests and untrusted input),
``routes`` (one module per area).
"""
