"""Digests of a workbook's computed sheets (运行日志 left out: it holds the clock).

    python bench/computed_digests.py BEFORE.xlsm AFTER.xlsm

Used to show that a setting at its default leaves the computed sheets byte-identical: recompute the
shipped sample with the same --today before and after a change and compare the digests.
"""

from __future__ import annotations

import hashlib
import re
import sys
import zipfile

COMPUTED = ("月考评", "月讲评", "问责", "年度汇总", "统计", "校验结果", "历史排名")


def digests(path: str) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        sheet_rid = {m[2]: m[1] for m in re.finditer(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book)}
        target = {m[1]: m[2] for m in re.finditer(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
        target |= {m[2]: m[1] for m in re.finditer(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
        out = {}
        for rid, name in sheet_rid.items():
            if name in COMPUTED:
                part = target[rid].lstrip("/")
                part = part if part.startswith("xl/") else "xl/" + part
                out[name] = hashlib.sha256(z.read(part)).hexdigest()[:16]
        return out


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(p, digests(p))
