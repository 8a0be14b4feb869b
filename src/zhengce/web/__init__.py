"""The web application: HTML pages in Chinese, each with its JSON twin under ``/api``.

Modules: ``app`` (:func:`create_app`, :func:`app_from_environment`, :func:`served_routes`), ``twins`` (one
page + JSON twin from one data function, downloads, the store and the user of a request), ``models`` (the
response models shared by the routes), ``guard`` (limits on requests and untrusted input), ``routes`` (one
router per area).

Public names: create_app, app_from_environment, served_routes.
"""

from zhengce.web.app import app_from_environment, create_app, served_routes

__all__ = ["app_from_environment", "create_app", "served_routes"]
