"""Devices as people name them, from a browser's user agent."""

from .secrets import hash_secret


def device_name(agent: str) -> str:
    """A person-readable device from a user agent: "Firefox · Windows"."""
    browsers = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl"))
    systems = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("Windows", "Windows"),
               ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))
    browser = next((name for mark, name in browsers if mark in agent), "")
    system = next((name for mark, name in systems if mark in agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or (agent[:40] if agent else "?")


def device_fingerprint(device: str) -> str:
    """What "a device seen before" compares: browser and system, not the IP."""
    return hash_secret(device)[:16]
