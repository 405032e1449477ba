"""aiogram's pydantic models built when first used, not all at import.

aiogram marks its models `defer_build`, then rebuilds all of them at import to resolve
their forward references, which builds every validator: about 590 models and 100 MB,
two seconds of import, for a bot that uses a dozen (aiogram issue #1513). `defer_aiogram`
makes that import hand each model the names its forward references need instead of
building it; pydantic then builds a model the first time it validates something, from
those names, and only the models in use cost memory.

`defer_aiogram` must run before anything imports aiogram: `bot/__init__.py` calls it.
It only arms an import hook, so a command that never imports aiogram pays nothing.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Any

from pydantic import BaseModel

_PACKAGE = "aiogram"
# The modules whose models take the names: aiogram's types rebuild themselves at import
# (the hook catches that); its methods and `Response[T]` build from the same names later.
_NAMED_MODULES = ("aiogram.types", "aiogram.methods", "aiogram.methods.base")


def defer_aiogram() -> None:
    """Arm the hook: the next import of aiogram leaves its models to be built on use."""
    if _PACKAGE in sys.modules or any(isinstance(f, _AiogramFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _AiogramFinder())


class _AiogramFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _PACKAGE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _DeferringLoader(spec.loader)
        return spec


class _DeferringLoader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        names: dict[str, Any] = {}
        with _rebuilds_deferred(names):
            self._inner.exec_module(module)
        for module_name in _NAMED_MODULES:
            for value in vars(sys.modules[module_name]).values():
                if isinstance(value, type) and issubclass(value, BaseModel):
                    value.__pydantic_parent_namespace__ = names


@contextlib.contextmanager
def _rebuilds_deferred(names: dict[str, Any]) -> Iterator[None]:
    """While aiogram imports: its `model_rebuild(_types_namespace=...)` of a deferred model
    keeps the names (shared by all its models) and builds nothing."""
    original = BaseModel.__dict__["model_rebuild"]

    def model_rebuild(
        cls: type[BaseModel],
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: dict[str, Any] | None = None,
    ) -> bool | None:
        deferred = cls.model_config.get("defer_build") and not cls.__pydantic_complete__
        if _types_namespace is None or force or not deferred:
            return original.__func__(  # type: ignore[no-any-return]
                cls,
                force=force,
                raise_errors=raise_errors,
                _parent_namespace_depth=_parent_namespace_depth + 1,
                _types_namespace=_types_namespace,
            )
        names.update(_types_namespace)
        return None

    BaseModel.model_rebuild = classmethod(model_rebuild)  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        BaseModel.model_rebuild = original  # type: ignore[method-assign]
