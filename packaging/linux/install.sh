#!/usr/bin/env bash
# Install the duban desktop launcher for the current user (no root needed):
#   ~/.local/share/duban/duban-launch                     the launcher, pointing at this duban
#   ~/.local/share/applications/duban-recompute.desktop   menu entry, "打开方式" for .xlsm/.xlsx
#   ~/Desktop (or 桌面)/duban-recompute.desktop            an icon to drop workbooks on
#
#   bash packaging/linux/install.sh [--no-desktop-icon]
#
# duban is taken from $DUBAN, else the project's .venv (bash scripts/setup.sh), else PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../.." && pwd)
desktop_icon=1
[ "${1:-}" = "--no-desktop-icon" ] && desktop_icon=0

DUBAN=${DUBAN:-}
if [ -z "$DUBAN" ]; then
    if [ -x "$project/.venv/bin/duban" ]; then
        DUBAN="$project/.venv/bin/duban"
    elif command -v duban >/dev/null 2>&1; then
        DUBAN=$(command -v duban)
    else
        echo "没有找到 duban。请先在项目文件夹中运行：bash scripts/setup.sh，再运行本脚本。" >&2
        exit 2
    fi
fi

data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
bindir="$data/duban"
launcher="$bindir/duban-launch"
entry="$apps/duban-recompute.desktop"
mkdir -p "$apps" "$bindir"

# The launcher with DUBAN written in; the .desktop entry with Exec/TryExec pointing at it.
escaped=$(printf '%s' "$DUBAN" | sed 's/[\\|&]/\\&/g')
sed "s|^DUBAN=\"\${DUBAN:-duban}\"\$|DUBAN=\"\${DUBAN:-$escaped}\"|" "$here/duban-launch" > "$launcher.tmp"
grep -qF "DUBAN=\"\${DUBAN:-$DUBAN}\"" "$launcher.tmp" || { echo "install.sh: could not set DUBAN in the launcher" >&2; exit 1; }
chmod 755 "$launcher.tmp"
mv -f "$launcher.tmp" "$launcher"
exec_path=$(printf '%s' "$launcher" | sed 's/[\\"`$]/\\\\&/g')
sed -e "s|^Exec=.*|Exec=\"$exec_path\" %f|" -e "/^Exec=/a TryExec=$launcher" "$here/duban.desktop" > "$entry.tmp"
chmod 755 "$entry.tmp"
mv -f "$entry.tmp" "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" 2>/dev/null || true

echo "已安装督办台账桌面启动器："
echo "  启动器：$launcher（运行 $DUBAN recompute）"
echo "  菜单项：$entry（右键台账 → 打开方式 → 督办台账 重算排名）"

if [ "$desktop_icon" = 1 ]; then
    desk=$(command -v xdg-user-dir >/dev/null 2>&1 && xdg-user-dir DESKTOP 2>/dev/null || true)
    [ -n "$desk" ] && [ "$desk" != "$HOME" ] || desk="$HOME/Desktop"
    [ -d "$desk" ] || { [ -d "$HOME/桌面" ] && desk="$HOME/桌面"; }
    if [ -d "$desk" ]; then
        cp -f "$entry" "$desk/duban-recompute.desktop"
        chmod 755 "$desk/duban-recompute.desktop"
        command -v gio >/dev/null 2>&1 && gio set "$desk/duban-recompute.desktop" metadata::trusted true 2>/dev/null || true
        echo "  桌面图标：$desk/duban-recompute.desktop（把台账拖到图标上即可重算；首次可能要右键 → 允许启动）"
    fi
fi
if ! command -v zenity >/dev/null 2>&1 && ! command -v notify-send >/dev/null 2>&1; then
    echo "提示：没有找到 zenity 或 notify-send，结果将显示在终端窗口中（可安装 zenity 以窗口显示）。"
fi
