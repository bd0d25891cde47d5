from tests.site.conftest import site_dir  # noqa: F401  (the session's built site)
