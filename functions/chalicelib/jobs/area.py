"""Jobs: background work and the clock. A kernel service; as an area it declares its own
task, the sweeper (its Lambda functions are declared in app.py, see handlers.py)."""

from ..registry import Area, Task

AREA = Area(
    name="jobs",
    tasks=(Task("jobs.sweep", "chalicelib.jobs.outbox:sweep", every="minute"),),
)
