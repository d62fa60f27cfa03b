"""PDF through LibreOffice headless (``soffice --headless --convert-to pdf``).

Each conversion runs with its own throw-away LibreOffice profile (so parallel runs do not
fight over the profile lock) and its own fontconfig file that maps the Windows Chinese fonts
the templates name (宋体, 黑体, 仿宋, 楷体) to the Noto CJK SC fonts, so that the PDF uses
Simplified Chinese glyphs even on a machine without the Windows fonts.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL = "sudo apt-get install -y libreoffice-writer-nogui fonts-noto-cjk"
MISSING = (
    f"--pdf 需要 LibreOffice（soffice），但本机未找到。请安装：{INSTALL}"
    "（macOS：brew install --cask libreoffice）；或去掉 --pdf，只生成 .docx。",
    f"--pdf needs LibreOffice (soffice), which was not found. Install it: {INSTALL} "
    "(macOS: brew install --cask libreoffice); or leave out --pdf to get the .docx only.",
)
_CANDIDATES = ("soffice", "libreoffice")
_PATHS = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
          "/Applications/LibreOffice.app/Contents/MacOS/soffice")

SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
ALIASES = {
    "宋体": SERIF, "SimSun": SERIF, "新宋体": SERIF, "NSimSun": SERIF, "仿宋": SERIF, "FangSong": SERIF,
    "仿宋_GB2312": SERIF, "楷体": SERIF, "KaiTi": SERIF, "楷体_GB2312": SERIF, "方正小标宋简体": SERIF,
    "黑体": SANS, "SimHei": SANS, "微软雅黑": SANS, "Microsoft YaHei": SANS,
}


class PdfFailure(Exception):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(en)


def soffice() -> str | None:
    """The LibreOffice executable, or None. COMPLIANCE_SOFFICE overrides the search."""
    env = os.environ.get("COMPLIANCE_SOFFICE")
    if env is not None:
        return env if env and Path(env).is_file() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for p in _PATHS:
        if Path(p).is_file():
            return p
    return None


def _fonts_conf(directory: Path) -> Path:
    rules = "\n".join(
        f'  <match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="prepend" binding="strong"><string>{target}</string></edit></match>'
        for name, target in ALIASES.items())
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{rules}\n</fontconfig>\n", encoding="utf-8")
    return conf


def convert(docs: list[Path], out_dir: Path, timeout: float | None = None) -> list[Path]:
    """Convert .docx files to PDF into ``out_dir``; returns the PDF paths in the same order."""
    exe = soffice()
    if exe is None:
        raise PdfFailure(*MISSING)
    if not docs:
        return []
    timeout = timeout or 120 + 15 * len(docs)
    with tempfile.TemporaryDirectory(prefix="compliance-lo-") as tmp:
        tmpdir = Path(tmp)
        env = dict(os.environ)
        if Path("/etc/fonts/fonts.conf").exists():
            env["FONTCONFIG_FILE"] = str(_fonts_conf(tmpdir))
        env.setdefault("HOME", str(tmpdir))
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(out_dir), *[str(d) for d in docs]]
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, env=env,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfFailure(f"LibreOffice 转换超时（{timeout:.0f} 秒）", f"LibreOffice timed out after {timeout:.0f} s") from None
        except OSError as e:
            raise PdfFailure(f"无法运行 LibreOffice（{exe}）：{e}", f"cannot run LibreOffice ({exe}): {e}") from None
    pdfs = [out_dir / (Path(d).stem + ".pdf") for d in docs]
    bad = [p for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    if proc.returncode != 0 or bad:
        tail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-400:]
        names = "、".join(p.name for p in bad) or "—"
        raise PdfFailure(f"LibreOffice 未能生成 PDF（{names}；退出码 {proc.returncode}）：{tail}",
                         f"LibreOffice did not produce the PDF ({names}; exit status {proc.returncode}): {tail}")
    return pdfs
