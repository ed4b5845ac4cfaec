# A Python handler for SluiceLambda's tests, run through awslambdaric.
import os


def handler(event, context):
    print("hello from python", flush=True)
    return {
        "got": event,
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "remainingPositive": context.get_remaining_time_in_millis() > 0,
        "pid": os.getpid(),
    }


def fail(event, context):
    raise ValueError("boom from python")
