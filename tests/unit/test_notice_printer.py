"""PDF notices are rendered in a worker process, once per notice: asked again, or by many
requests at once, the same bytes without rendering again; the event loop stays free."""

import asyncio
import time
from types import SimpleNamespace

from services.intake.cases.notices import NoticePrinter


class SlowRenderer:
    """Stands in for the fpdf renderer (which takes ~0.5 s); picklable for the worker."""

    def render(self, case, notice) -> bytes:
        time.sleep(0.3)
        return f"%PDF {notice.number} {time.time_ns()}".encode()


async def test_one_rendering_per_notice_off_the_loop():
    printer = NoticePrinter(SlowRenderer())
    notice = SimpleNamespace(number="OW2026112300001-SL1")
    ticks = 0

    async def loop_alive() -> None:
        nonlocal ticks
        for _ in range(20):
            await asyncio.sleep(0.01)
            ticks += 1

    try:
        first, *others = await asyncio.gather(*(printer.pdf(None, notice) for _ in range(5)),
                                              loop_alive())
        assert len(set([first, *others[:4]])) == 1  # one rendering shared by all five
        assert ticks == 20  # the loop ran while the worker rendered
        assert await printer.pdf(None, notice) == first  # kept: not rendered again
        other = await printer.pdf(None, SimpleNamespace(number="OW2026112300001-SL2"))
        assert other != first
    finally:
        printer.close()
