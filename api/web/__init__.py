"""The web app: FastAPI with Jinja2 pages and a JSON API under /api (``create_app``)."""
