"""Portico's API: build the Chalice app and register each area's routes; and the
functions that run background jobs and the clock's tasks (chalicelib/jobs, docs/jobs.md)."""

from importlib import import_module

from chalice import Chalice

from chalicelib import areas, http, snapstart
from chalicelib.jobs import handlers as jobs

app = Chalice(app_name="portico")
snapstart.install()  # SnapStart's runtime hooks, where the runtime has them
http.install(app)

for area in areas.load():
    for module in area.routes:
        app.register_blueprint(import_module(module).bp)
http.answer_other_methods(app)


# Lambda runs each function by importing this module, so the areas (job kinds, tasks)
# are loaded for the worker and the clock as for the API.
@app.on_sqs_message(queue=jobs.QUEUE, batch_size=jobs.BATCH)
def jobs_worker(event):
    return jobs.worker(event)


@app.schedule(jobs.EVERY_MINUTE, description="Portico: tasks of every minute (the sweeper)")
def jobs_minutely(event):
    return jobs.clock("minute")


@app.schedule(jobs.EVERY_HOUR, description="Portico: daily tasks, each date once, missed ones caught up")
def jobs_daily(event):
    return jobs.clock("day")
