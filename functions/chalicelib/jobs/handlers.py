"""The jobs' Lambda functions: the worker on the queue, and the clock's two rules.

Chalice needs literal names when it packages the app: the queue is named QUEUE here, and
the deploy points the worker at the stage's own queue and writes the rules itself
(infra/aws/template.py). Each function imports its work on first call, so the API's cold
start does not pay for it.
"""

from chalice import Blueprint

bp = Blueprint(__name__)

QUEUE = "portico-jobs"
# Daily tasks are looked at every hour: a date runs once, and a missed hour (or day) is
# caught up at the next one.
EVERY_MINUTE = "rate(1 minute)"
EVERY_HOUR = "rate(1 hour)"


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def jobs_worker(event):
    from .worker import run_batch

    again = run_batch([(record.to_dict()["messageId"], record.body) for record in event])
    # With ReportBatchItemFailures (set by the deploy), only these messages come back.
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in again]}


@bp.schedule(EVERY_MINUTE, description="Portico: tasks that run every minute (the sweeper)")
def jobs_minutely(event):
    from .schedule import tick

    return tick(every="minute")


@bp.schedule(EVERY_HOUR, description="Portico: daily tasks, once per date, missed dates caught up")
def jobs_daily(event):
    from .schedule import tick

    return tick(every="day")
