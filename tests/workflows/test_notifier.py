"""The log notifier (services/notifier.py): codes in clear only outside production."""

from __future__ import annotations

import logging

import pytest

from services.notifier import Channel, LogNotifier, Notice, deliver, mask


async def test_production_logs_no_code_and_a_masked_address(caplog: pytest.LogCaptureFixture) -> None:
    notice = Notice(Channel.SMS, "13800138000", "sign_up_code", code="482913")
    with caplog.at_level(logging.INFO, logger="yiwuxian.notices"):
        await LogNotifier(reveal_codes=False).send(notice)
        await LogNotifier(reveal_codes=True).send(notice)
    hidden, shown = (record.getMessage() for record in caplog.records)
    assert "482913" not in hidden and "13800138000" not in hidden and "138****8000" in hidden
    assert "482913" in shown
    assert "482913" not in repr(notice)


async def test_a_failed_delivery_is_logged_and_the_rest_still_go(caplog: pytest.LogCaptureFixture) -> None:
    sent: list[Notice] = []

    class Flaky:
        async def send(self, notice: Notice) -> None:
            if notice.address == "bad":
                raise OSError("gateway down")
            sent.append(notice)

    notices = (Notice(Channel.SMS, "bad", "x", code="1"), Notice(Channel.EMAIL, "a@b.cn", "y"))
    await deliver(Flaky(), notices)
    assert [notice.address for notice in sent] == ["a@b.cn"]
    assert mask("wang@example.cn") == "w***@example.cn"
    assert any("failed" in record.getMessage() for record in caplog.records)
