"""TOTP codes for tests that talk to the running app.

The app accepts the code of the current 30 s step or of one step either side, and a code
only for a step later than the last one accepted. A code for the current step is still
accepted if a step boundary passes before the app checks it; one for the previous step
is not. So tests confirm a set-up with `code(secret)` and, when they need a second
accepted code, use `code(secret, 1)`: both survive a boundary on a slow machine.
(tests/api/test_two_factor.py checks the one-step window itself with a frozen clock.)
"""

import time


def code(secret: str, step_offset: int = 0) -> str:
    """The code `step_offset` steps from now (0 or 1: see above)."""
    from chalicelib.auth.second_factor import totp

    generator = totp(secret)
    return generator.at(int(time.time()) + step_offset * generator.interval)
