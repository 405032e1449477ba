"""Letting one process compose the bot many times, as the in-process harness does.

aiogram attaches a router to one parent for good, and the bot's routers are module-level
objects that `build_dispatcher` attaches to each new dispatcher; in production that
happens once per process. Between two bots in one test session, every router of the `bot`
package is put back where the modules left it.
"""

from __future__ import annotations

import sys

from aiogram import Dispatcher, Router

import bot.runtime  # noqa: F401  (imports every handler module, so its routers are found)


def _module_routers() -> dict[Router, Router | None]:
    """Each router that is an attribute of a `bot` module, with its parent right now."""
    found: dict[Router, Router | None] = {}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] != "bot" or module is None:
            continue
        for value in vars(module).values():
            if isinstance(value, Router) and not isinstance(value, Dispatcher):
                found[value] = value.parent_router
    return found


# Taken on import, before any test composes a bot.
_AS_IMPORTED = _module_routers()


def release_routers() -> None:
    """Detach every router a dispatcher took, so the next `build_dispatcher` may."""
    for router, parent in _AS_IMPORTED.items():
        current = router.parent_router
        if current is parent:
            continue
        if current is not None and router in current.sub_routers:
            current.sub_routers.remove(router)
        router._parent_router = parent
