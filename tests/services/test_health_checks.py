"""Probes against loopback servers: HTTP, TCP, Statuspage JSON and RSS/Atom feeds."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.enums import ServiceState
from bot.services.health.checks import CheckResult, observe, run_check
from bot.services.health.probes import parse_check
from tests.services.test_health_fakes import FIXTURES, FakeSite, closed_port, serve_site

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


@pytest.fixture
def site() -> Iterator[FakeSite]:
    yield from serve_site()


def check(**kw) -> CheckResult:  # type: ignore[no-untyped-def]
    return asyncio.run(run_check(parse_check(kw), NOW))


def test_healthy_http_is_operational(site: FakeSite) -> None:
    site.set("/health", 200, b"status: all good")
    result = check(kind="http", url=site.url("/health"), expect_text="all good")
    assert result.state is ServiceState.OPERATIONAL
    assert result.latency_ms is not None


def test_server_error_is_an_outage(site: FakeSite) -> None:
    site.set("/health", 500, b"boom")
    result = check(kind="http", url=site.url("/health"))
    assert (result.state, result.detail) == (ServiceState.MAJOR_OUTAGE, "HTTP 500")


def test_expected_status_list_and_missing_text(site: FakeSite) -> None:
    site.set("/moved", 301, b"")
    assert (
        check(kind="http", url=site.url("/moved"), expect_status=[200, 301]).state == "operational"
    )
    site.set("/page", 200, b"maintenance page")
    result = check(kind="http", url=site.url("/page"), expect_text="Sign in")
    assert result.state is ServiceState.PARTIAL_OUTAGE


def test_slow_answer_is_degraded(site: FakeSite) -> None:
    site.set("/slow", 200, b"ok", delay=0.3)
    result = check(kind="http", url=site.url("/slow"), degraded_after_ms=50)
    assert result.state is ServiceState.DEGRADED
    assert result.detail.startswith("slow:")


def test_no_answer_within_the_timeout(site: FakeSite) -> None:
    site.set("/hang", 200, b"ok", delay=None)
    result = check(kind="http", url=site.url("/hang"), timeout_seconds=0.2)
    assert (result.state, result.detail) == (ServiceState.MAJOR_OUTAGE, "timeout")


def test_connection_refused() -> None:
    result = check(kind="http", url=f"http://127.0.0.1:{closed_port()}/")
    assert result.state is ServiceState.MAJOR_OUTAGE
    assert result.detail.startswith("connect:")


def test_tcp_connect_and_refused() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert check(kind="tcp", host="127.0.0.1", port=port).state is ServiceState.OPERATIONAL
    refused = check(kind="tcp", host="127.0.0.1", port=closed_port())
    assert refused.state is ServiceState.MAJOR_OUTAGE


def test_statuspage_components_map_to_states(site: FakeSite) -> None:
    site.set("/api/v2/summary.json", 200, (FIXTURES / "statuspage_summary.json").read_bytes())
    url = site.url("/api/v2/summary.json")
    mail = check(kind="statuspage", url=url, component="Exchange Online")
    assert (mail.state, mail.detail) == (ServiceState.PARTIAL_OUTAGE, "Delayed mail delivery in EU")
    assert check(kind="statuspage", url=url, component="c-vpn").state == "operational"
    assert check(kind="statuspage", url=url, component="compute").state == "degraded"
    assert check(kind="statuspage", url=url, component="Databases").state == "maintenance"


def test_unreadable_provider_status_carries_no_information(site: FakeSite) -> None:
    site.set("/api/v2/summary.json", 200, b"<html>not json</html>")
    url = site.url("/api/v2/summary.json")
    assert check(kind="statuspage", url=url, component="Compute").state is None
    assert check(kind="statuspage", url=site.url("/missing"), component="Compute").state is None
    unknown = check(kind="statuspage", url=url, component="Nope")
    assert unknown.state is None


@pytest.mark.parametrize(
    ("match", "expected"),
    [
        ("vpn", ServiceState.DEGRADED),  # newest VPN item: investigating
        ("mail", ServiceState.OPERATIONAL),  # resolved
        ("storage", ServiceState.MAINTENANCE),
        ("dns", ServiceState.OPERATIONAL),  # nothing about it
    ],
)
def test_rss_incident_feed(site: FakeSite, match: str, expected: ServiceState) -> None:
    site.set("/history.rss", 200, (FIXTURES / "incidents.rss").read_bytes())
    result = check(kind="feed", url=site.url("/history.rss"), match=match, feed_window_hours=6)
    assert result.state is expected


def test_atom_feed_and_old_items(site: FakeSite) -> None:
    site.set("/feed.atom", 200, (FIXTURES / "incidents.atom").read_bytes())
    result = check(kind="feed", url=site.url("/feed.atom"), feed_state="partial_outage")
    assert (result.state, result.detail) == (ServiceState.PARTIAL_OUTAGE, "Compute API errors")
    old = check(kind="feed", url=site.url("/feed.atom"), feed_window_hours=0.1)
    assert old.state is ServiceState.OPERATIONAL


def test_a_service_is_as_bad_as_its_worst_informative_check() -> None:
    results = [
        CheckResult("http", ServiceState.OPERATIONAL, "HTTP 200"),
        CheckResult("statuspage", None, "not JSON"),
        CheckResult("tcp", ServiceState.DEGRADED, "slow: 900 ms"),
    ]
    seen = observe(results)
    assert seen is not None and (seen.state, seen.detail) == ("degraded", "slow: 900 ms")
    assert observe([CheckResult("feed", None, "down")]) is None


def test_each_check_kind_validates_its_own_fields() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="port"):
        parse_check({"kind": "tcp", "host": "127.0.0.1"})
    with pytest.raises(ValidationError, match="must start with http"):
        parse_check({"kind": "http", "url": "ftp://example.test/"})
    with pytest.raises(ValidationError, match="component"):
        parse_check({"kind": "statuspage", "url": "https://status.example.test/"})
    with pytest.raises(ValidationError, match="Extra inputs"):
        parse_check({"kind": "manual", "url": "https://example.test/"})
    assert not parse_check({"kind": "manual"}).probed
