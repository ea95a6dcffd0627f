#!/usr/bin/env bash
# Render documents duban writes (.xlsx/.xlsm/.docx) to PDF through LibreOffice and every page to PNG,
# to look at them as the supervisor will. Usage: scripts/render-pages.sh OUTDIR FILE... [-r DPI]
# Writes OUTDIR/<name>.pdf and OUTDIR/<name>-<page>.png, and prints each file's page count.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dpi=60
out="${1:?usage: render-pages.sh OUTDIR FILE...}"; shift
files=()
while [ $# -gt 0 ]; do
    case "$1" in -r) dpi="$2"; shift 2 ;; *) files+=("$1"); shift ;; esac
done
command -v soffice >/dev/null || { echo "render-pages: LibreOffice (soffice) not installed" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "render-pages: pdftoppm (poppler-utils) not installed" >&2; exit 2; }
mkdir -p "$out"
profile="$(mktemp -d)"; trap 'rm -rf "$profile"' EXIT
export FONTCONFIG_FILE="$here/../duban/export/duban-fonts.conf"   # the font map export --pdf uses too
for f in "${files[@]}"; do
    soffice "-env:UserInstallation=file://$profile" --headless --norestore --convert-to pdf --outdir "$out" "$f" >/dev/null 2>&1
    pdf="$out/$(basename "${f%.*}").pdf"
    pdftoppm -r "$dpi" -png "$pdf" "${pdf%.pdf}"
    echo "$(basename "$f"): $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages"
done
