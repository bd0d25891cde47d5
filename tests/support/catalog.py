"""The catalogue for tests: read content/catalog/ as the site build does, and publish it
into the (emulated) table as infra/content_sync.py does. The cart and checkout tests
start from it too."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


def read(content_dir: Path = CONTENT) -> dict:
    """content/catalog/ checked and normalised, as the build writes catalog.json."""
    plugins = str(ROOT / "site" / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from pricing import catalog as pricing

    return pricing.read_or_fail(str(content_dir))


def publish(document: dict) -> dict:
    """Store a catalogue version (inside mock_aws) and drop the API's cached copy."""
    import boto3

    from chalicelib.billing import catalog
    from chalicelib.config import settings

    result = catalog.publish(document, boto3.client("dynamodb", region_name=settings.region),
                             settings.table_name)
    catalog.forget()
    return result
