"""A notifier that keeps what it is asked to send, for tests to read the codes."""

from __future__ import annotations

from services.notifier import Notice


class Outbox:
    def __init__(self) -> None:
        self.sent: list[Notice] = []

    async def send(self, notice: Notice) -> None:
        self.sent.append(notice)

    def to(self, address: str) -> list[Notice]:
        return [notice for notice in self.sent if notice.address == address]

    def last_code(self, address: str) -> str:
        codes = [notice.code for notice in self.to(address) if notice.code]
        assert codes, f"no code was sent to {address}: {self.sent}"
        return codes[-1]
