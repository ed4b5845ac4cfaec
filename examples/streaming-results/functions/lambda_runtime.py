"""A minimal client of the Lambda Runtime API (stdlib only), buffered and streaming responses.

Used by the example's `provided.al2023` functions: their `bootstrap` is a Python script that loops
`next()` -> handle -> `respond()` / `stream()` / `error()`, the way a custom runtime does on AWS.
"""
import http.client
import json
import os
import time

API = "/2018-06-01/runtime"


class Invocation:
    """One event from `GET /runtime/invocation/next`."""

    def __init__(self, request_id, deadline_ms, event, function_arn):
        self.request_id = request_id
        self.deadline_ms = deadline_ms
        self.event = event
        self.function_arn = function_arn

    def remaining_ms(self):
        return self.deadline_ms - int(time.time() * 1000)


class ResponseStream:
    """`POST /response` in streaming mode: HTTP/1.1 chunked, each `write` one chunk, sent at once."""

    TRAILERS = "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"

    def __init__(self, runtime, invocation, content_type):
        self.conn = runtime.connection()
        self.conn.putrequest("POST", f"{API}/invocation/{invocation.request_id}/response",
                             skip_accept_encoding=True)
        self.conn.putheader("Lambda-Runtime-Function-Response-Mode", "streaming")
        self.conn.putheader("Transfer-Encoding", "chunked")
        self.conn.putheader("Content-Type", content_type)
        self.conn.putheader("Trailer", self.TRAILERS)
        self.conn.endheaders()

    def write(self, data):
        if isinstance(data, str):
            data = data.encode()
        if data:
            self.conn.send(b"%x\r\n" % len(data) + data + b"\r\n")

    def close(self, error_type=None, error_body=None):
        """Ends the body (with error trailers when given) and waits for the runtime API's 202."""
        end = b"0\r\n"
        if error_type:
            import base64
            end += f"Lambda-Runtime-Function-Error-Type: {error_type}\r\n".encode()
            end += b"Lambda-Runtime-Function-Error-Body: " + base64.b64encode(error_body.encode()) + b"\r\n"
        self.conn.send(end + b"\r\n")
        response = self.conn.getresponse()
        response.read()
        self.conn.close()
        return response.status


class Runtime:
    def __init__(self):
        host, _, port = os.environ["AWS_LAMBDA_RUNTIME_API"].rpartition(":")
        self.host, self.port = host, int(port)

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port)  # no timeout: /next long-polls

    def next(self):
        conn = self.connection()
        conn.request("GET", f"{API}/invocation/next")
        response = conn.getresponse()
        body = response.read()
        conn.close()
        if response.status != 200:
            raise RuntimeError(f"runtime API /next answered {response.status}")
        return Invocation(
            response.getheader("Lambda-Runtime-Aws-Request-Id"),
            int(response.getheader("Lambda-Runtime-Deadline-Ms") or 0) or int(time.time() * 1000) + 3_000,
            json.loads(body) if body else {},
            response.getheader("Lambda-Runtime-Invoked-Function-Arn"))

    def _post(self, path, body, headers):
        conn = self.connection()
        conn.request("POST", f"{API}/invocation/{path}", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status

    def respond(self, invocation, result):
        """A buffered response: the JSON of `result`."""
        return self._post(f"{invocation.request_id}/response", json.dumps(result).encode(),
                          {"Content-Type": "application/json"})

    def error(self, invocation, error_type, message):
        body = json.dumps({"errorType": error_type, "errorMessage": message}).encode()
        return self._post(f"{invocation.request_id}/error", body,
                          {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error_type})

    def stream(self, invocation, content_type="application/octet-stream"):
        return ResponseStream(self, invocation, content_type)
