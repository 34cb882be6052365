"""The alert webhook: JSON POSTed once when the receiver answers, retried with a growing pause
when it fails or is down, given up on after the last attempt — never raising."""

from pipelines.operations.webhook import ATTEMPTS, post_json, safe_url
from tests.webhook_server import closed_port_url, webhook_receiver

PAYLOAD = {"alert": "run_failed", "run_id": "abc"}


def _no_sleep(pauses: list[float]):
    return pauses.append


def test_a_payload_is_posted_once_as_json():
    pauses: list[float] = []
    with webhook_receiver() as receiver:
        result = post_json(receiver.url, PAYLOAD, sleep=_no_sleep(pauses))
    assert result.delivered
    assert result.attempts == 1
    assert receiver.bodies == [PAYLOAD]
    assert receiver.content_types == ["application/json"]
    assert pauses == []


def test_a_server_error_is_retried_with_a_growing_pause():
    pauses: list[float] = []
    with webhook_receiver(statuses=[500, 503]) as receiver:
        result = post_json(receiver.url, PAYLOAD, sleep=_no_sleep(pauses))
    assert result.delivered
    assert result.attempts == 3
    assert receiver.bodies == [PAYLOAD] * 3
    assert pauses == [1.0, 2.0]


def test_too_many_requests_is_retried_but_a_refusal_is_not():
    with webhook_receiver(statuses=[429]) as receiver:
        assert post_json(receiver.url, PAYLOAD, sleep=_no_sleep([])).attempts == 2
    with webhook_receiver(statuses=[404]) as receiver:
        result = post_json(receiver.url, PAYLOAD, sleep=_no_sleep([]))
    assert not result.delivered
    assert (result.attempts, result.problem) == (1, "HTTP 404")
    assert len(receiver.bodies) == 1


def test_a_receiver_that_is_down_is_given_up_on_after_the_last_attempt():
    pauses: list[float] = []
    result = post_json(closed_port_url(), PAYLOAD, sleep=_no_sleep(pauses))
    assert not result.delivered
    assert result.attempts == ATTEMPTS
    assert "URLError" in result.problem
    assert len(pauses) == ATTEMPTS - 1


def test_a_receiver_slower_than_the_timeout_counts_as_a_failed_attempt():
    with webhook_receiver(delay=1.0) as receiver:
        result = post_json(receiver.url, PAYLOAD, attempts=2, timeout=0.1, sleep=_no_sleep([]))
    assert not result.delivered
    assert result.attempts == 2
    assert "timed out" in result.problem


def test_only_http_urls_are_used_and_problems_never_quote_the_url():
    assert post_json("file:///etc/passwd", PAYLOAD).problem.endswith("must be an http(s) URL")
    malformed = post_json("http://[not-a-host/secret-token", PAYLOAD, sleep=_no_sleep([]))
    refused = post_json(closed_port_url(), PAYLOAD, attempts=1)
    assert not malformed.delivered
    assert "secret-token" not in malformed.problem + refused.problem
    assert safe_url("https://hooks.example.com/services/T0/B0/secret") == (
        "https://hooks.example.com"
    )
