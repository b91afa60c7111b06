"""The SMS senders: the console in the embedded default, the city's HTTP gateway when configured (faked here by
a small local server: the outside world is the one thing tests fake)."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from notifications import sms


class FakeGateway(BaseHTTPRequestHandler):
    received: list = []
    answer = 200

    def do_POST(self):  # noqa: N802 - the name http.server calls
        length = int(self.headers["Content-Length"])
        FakeGateway.received.append(
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers.get("Authorization")}
        )
        self.send_response(FakeGateway.answer)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    FakeGateway.received = []
    FakeGateway.answer = 200
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_the_gateway_backend_posts_the_message(gateway):
    sms.HttpGatewaySMSBackend(url=gateway, token="secret").send(to="13800000001", text="【辽源】提醒")
    assert FakeGateway.received == [{"body": {"to": "13800000001", "text": "【辽源】提醒"}, "auth": "Bearer secret"}]


def test_a_gateway_error_is_transient_and_a_refusal_is_not(gateway):
    FakeGateway.answer = 503
    with pytest.raises(sms.TransientSMSError):
        sms.HttpGatewaySMSBackend(url=gateway, token="t").send(to="13800000001", text="x")
    FakeGateway.answer = 400
    with pytest.raises(sms.SMSError) as exc:
        sms.HttpGatewaySMSBackend(url=gateway, token="t").send(to="13800000001", text="x")
    assert not isinstance(exc.value, sms.TransientSMSError)


def test_an_unreachable_gateway_is_transient():
    with pytest.raises(sms.TransientSMSError):
        sms.HttpGatewaySMSBackend(url="http://127.0.0.1:9/", token="t").send(to="13800000001", text="x")


def test_the_console_backend_masks_the_number():
    out = io.StringIO()
    sms.ConsoleSMSBackend(stream=out).send(to="13812345678", text="hello")
    assert out.getvalue() == "SMS to 138****5678: hello\n"


def test_the_backend_is_chosen_by_setting(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSMSBackend"
    assert isinstance(sms.get_backend(), sms.LocmemSMSBackend)
