#!/usr/bin/env python3
"""Checks Kpilot.mez as Power BI Desktop reads it: a zip with the section document and the icons at its root.

    mez_contents_test.py BUILD/powerbi-connector/Kpilot.mez SOURCE/powerbi-connector/Kpilot

Kpilot.pq must be the source file byte for byte, every icon a PNG of the size its name says, and every file
that Kpilot.pq loads with Extension.Contents must be in the archive: a missing one only fails in Power BI.
"""
import re
import struct
import sys
import zipfile
from pathlib import Path

ICON_SIZES = (16, 20, 24, 32, 40, 48, 64)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data):
    """(width, height) from a PNG's IHDR chunk, which the format puts first."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("no PNG signature")
    length, kind = struct.unpack(">I4s", data[8:16])
    if kind != b"IHDR" or length != 13:
        raise ValueError(f"first chunk is {kind!r} of {length} bytes, not IHDR")
    return struct.unpack(">II", data[16:24])


def problems_in(mez_path, source_dir):
    if not mez_path.is_file():
        return [f"{mez_path} does not exist: build the kpilot_mez target"]
    with zipfile.ZipFile(mez_path) as mez:
        damaged = mez.testzip()
        if damaged is not None:
            return [f"{damaged}: CRC mismatch"]
        entries = {info.filename: mez.read(info) for info in mez.infolist()}

    problems = []
    icons = [f"Kpilot{size}.png" for size in ICON_SIZES]
    expected = ["Kpilot.pq", *icons]
    for name in expected:
        if name not in entries:
            problems.append(f"{name} is missing")
    for name in sorted(set(entries) - set(expected)):
        problems.append(f"{name} is not part of the connector" + (" (entries belong at the root)" if "/" in name else ""))

    section = entries.get("Kpilot.pq")
    if section is not None and section != (source_dir / "Kpilot.pq").read_bytes():
        problems.append("Kpilot.pq differs from the source: rebuild the kpilot_mez target")
    if section is not None:
        for loaded in re.findall(rb'Extension\.Contents\(\s*"([^"]+)"\s*\)', section):
            if loaded.decode() not in entries:
                problems.append(f"Kpilot.pq loads {loaded.decode()}, which is not in the archive")

    for size, name in zip(ICON_SIZES, icons):
        if name not in entries:
            continue
        try:
            width, height = png_size(entries[name])
        except ValueError as e:
            problems.append(f"{name}: not a PNG ({e})")
            continue
        if (width, height) != (size, size):
            problems.append(f"{name} is {width}x{height}, not {size}x{size}")
        if entries[name] != (source_dir / name).read_bytes():
            problems.append(f"{name} differs from the source: rebuild the kpilot_mez target")
    return problems


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    mez_path, source_dir = Path(sys.argv[1]), Path(sys.argv[2])
    problems = problems_in(mez_path, source_dir)
    for problem in problems:
        print(f"{mez_path}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{mez_path}: Kpilot.pq and {len(ICON_SIZES)} icons, as in {source_dir}")


if __name__ == "__main__":
    main()
