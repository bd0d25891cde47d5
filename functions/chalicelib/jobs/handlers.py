"""What the jobs' Lambda functions do: the worker on the queue, and the clock's two rules.

app.py declares the functions (`@app.on_sqs_message`, `@app.schedule`) and calls these:
Lambda runs a function by importing its module, and only app.py loads the areas the
worker and the clock read. Chalice needs literal names when it packages the app: the
queue is named QUEUE here, and the deploy points the worker at the stage's own queue and
writes the rules itself (infra/aws/template.py). Each imports its work on first call, so
the API's cold start does not pay for it.
"""

QUEUE = "portico-jobs"
BATCH = 10
# Daily tasks are looked at every hour: a date runs once, and a missed hour (or day) is
# caught up at the next one.
EVERY_MINUTE = "rate(1 minute)"
EVERY_HOUR = "rate(1 hour)"


def worker(event) -> dict:
    from .worker import run_batch

    again = run_batch([(record.to_dict()["messageId"], record.body) for record in event])
    # With ReportBatchItemFailures (set by the deploy), only these messages come back.
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in again]}


def clock(every: str) -> dict:
    from .schedule import tick

    return tick(every=every)
