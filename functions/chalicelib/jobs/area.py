"""Jobs: background work and the clock. A kernel service; as an area it brings its
Lambda functions (the worker, the scheduled ticks) and its own task, the sweeper."""

from ..registry import Area, Task

AREA = Area(
    name="jobs",
    routes=("chalicelib.jobs.handlers",),
    tasks=(Task("jobs.sweep", "chalicelib.jobs.outbox:sweep", every="minute"),),
)
