"""Create the emulated AWS resources the app needs, from the models (never a 2nd schema)."""

from pathlib import Path

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"


def create_resources():
    from infra.local.resources import adapt_moto, create_all

    adapt_moto()
    create_all()
