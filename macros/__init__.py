"""Entry points for the workbook's buttons (xlwings RunPython).

The VBA Sub behind each button on 首页 runs, e.g.::

    RunPython "import macros; macros.recompute()"

With no argument a function works on the workbook that called it
(``xw.Book.caller()``); tests and xlwings Server/Lite wrappers pass the Book:
``macros.recompute(book, today=..., month="2026-01")``.

- ``validate``  校验台账: 校验结果, 运行日志 and the 首页 status.
- ``recompute`` 重算排名: every computed sheet of the month.
- ``collect``, ``export`` (汇总答卷, 生成上报件) come from ``macros.loop`` when it
  is installed; otherwise they tell the user the function is not available.
"""

from __future__ import annotations

from .excel import Outcome, recompute, validate

__all__ = ["validate", "recompute", "collect", "export", "Outcome"]

_LOOP_FUNCTIONS = {"collect": "汇总答卷", "export": "生成上报件"}


def __getattr__(name: str):
    # Imported lazily: a missing or broken macros.loop must not break validate/recompute.
    if name not in _LOOP_FUNCTIONS:
        raise AttributeError(f"module 'macros' has no attribute {name!r}")
    try:
        from . import loop
    except ImportError as exc:
        if getattr(exc, "name", None) not in (f"{__name__}.loop", None):
            reason = f"缺少 {exc.name}"
        else:
            reason = "本版本未包含此功能（macros.loop）"
        return _unavailable(_LOOP_FUNCTIONS[name], reason)
    except Exception as exc:  # a broken module: a message for the user, not a traceback
        return _unavailable(_LOOP_FUNCTIONS[name], f"模块加载出错（{type(exc).__name__}）")
    return getattr(loop, name)


def _unavailable(label: str, reason: str):
    def run(book=None, **_kwargs):
        from .excel import caller_book, show_message

        book = book if book is not None else caller_book()
        message = f"“{label}”暂不可用：{reason}。请联系技术支持安装完整版本。"
        if book is not None:
            show_message(book, message, critical=True)
        return Outcome(False, message)

    run.__name__ = label
    return run
