"""Corrections to ms-ovba-compression 1.0.1, applied at import time.

The package computes the copy-token maximum length as ``0xFFFF << bit_count + 3``;
MS-OVBA 2.4.1.3.19.2 says ``(0xFFFF >> bit_count) + 3``. With the wrong value a
match longer than the length field can hold is packed into the token, and any
module over about 1 KB decompresses to garbage.

Its matcher also compares every earlier position byte by byte in Python, about
3 s for the xlwings module. `_matching` below finds the same kind of match (the
longest one the token can hold, nearest first) with `bytes.rfind`.
"""

from __future__ import annotations

from ms_ovba_compression.ms_ovba import MsOvba

ORIGINAL_COPYTOKEN_HELP = MsOvba.__dict__["copytoken_help"]
ORIGINAL_MATCHING = MsOvba.__dict__["_matching"]


def copytoken_help(difference: int) -> dict:
    """Masks, bit count and maximum length of a copy token (MS-OVBA 2.4.1.3.19.1-2)."""
    bit_count = MsOvba.ceil_log2(difference)
    length_mask = 0xFFFF >> bit_count
    return {
        "lengthMask": length_mask,
        "offsetMask": ~length_mask & 0xFFFF,
        "bitCount": bit_count,
        "maxLength": length_mask + 3,
    }


def _matching(self) -> tuple[int, int]:
    """(offset, length) of the longest earlier match at the current position, or (0, 0)."""
    chunk = self._activeChunk
    pos = len(chunk) - len(self._uncompressedData)
    limit = min(copytoken_help(pos)["maxLength"], len(chunk) - pos) if pos else 0

    def found(n: int) -> int:
        # Start of the nearest earlier occurrence of the next n bytes (may overlap pos).
        return chunk.rfind(chunk[pos:pos + n], 0, pos + n - 1)

    if limit < 3 or found(3) < 0:
        return 0, 0
    lo, hi = 3, limit
    while lo < hi:  # occurrence is monotonic in n: binary search the longest
        mid = (lo + hi + 1) // 2
        if found(mid) >= 0:
            lo = mid
        else:
            hi = mid - 1
    return pos - found(lo), lo


def apply() -> None:
    """Install the corrected helpers on MsOvba (idempotent)."""
    MsOvba.copytoken_help = staticmethod(copytoken_help)  # type: ignore[method-assign]
    MsOvba._matching = _matching  # type: ignore[method-assign]


apply()
