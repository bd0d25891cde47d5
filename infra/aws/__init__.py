"""The real deployment: settings per stage, templates, packaging, deploy and smoke check."""
