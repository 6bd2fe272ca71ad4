#!/usr/bin/env python3
"""Draws the connector's icons, Kpilot16.png to Kpilot64.png: three rising bars in a rounded square.

Power BI shows the 16 to 32 px ones in Get Data and the navigator and the 32 to 64 px ones on high-DPI
screens (Kpilot.pq lists them in Kpilot.Icons). The PNGs are committed; run this again only to change
the design:  python3 powerbi-connector/Kpilot/generate_icons.py [output folder]

Standard library only (zlib and struct), so the icons need nothing that the build does not have.
"""
import struct
import sys
import zlib
from pathlib import Path

SIZES = (16, 20, 24, 32, 40, 48, 64)

BACKGROUND = (0x1B, 0x5E, 0x7A)  # deep teal
BAR = (0xFF, 0xFF, 0xFF)
TOP_BAR = (0xF5, 0xB7, 0x00)  # amber: the latest period, the one a KPI is about
CORNER_RADIUS = 0.2

# Bars as (left, top, right, bottom) in units of the icon's side, on one baseline.
BARS = (
    ((0.20, 0.55, 0.34, 0.80), BAR),
    ((0.43, 0.40, 0.57, 0.80), BAR),
    ((0.66, 0.20, 0.80, 0.80), TOP_BAR),
)

# Each pixel averages SAMPLES x SAMPLES points, which smooths the rounded corners.
SAMPLES = 4


def inside_rounded_square(x, y):
    r = CORNER_RADIUS
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def bars_on_pixel_grid(size):
    """The bars with their edges moved to whole pixels: sharp edges even at 16 px."""
    snap = lambda v: round(v * size) / size
    return [(tuple(snap(v) for v in box), colour) for box, colour in BARS]


def colour_at(x, y, bars):
    """The colour at a point of the unit square, or None where the icon is transparent."""
    if not inside_rounded_square(x, y):
        return None
    for (left, top, right, bottom), colour in bars:
        if left <= x < right and top <= y < bottom:
            return colour
    return BACKGROUND


def pixels(size):
    """Rows of straight (not premultiplied) RGBA pixels."""
    bars = bars_on_pixel_grid(size)
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            totals = [0, 0, 0]
            covered = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    colour = colour_at((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, bars)
                    if colour is not None:
                        covered += 1
                        for i in range(3):
                            totals[i] += colour[i]
            if covered:
                row += bytes(round(t / covered) for t in totals)
                row.append(round(255 * covered / (SAMPLES * SAMPLES)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(size):
    # IHDR: width, height, 8 bits per channel, colour type 6 (RGBA), deflate, no filter method, no interlace.
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    # Each scanline starts with its filter type; 0 (none) keeps the encoder trivial.
    raw = b"".join(b"\0" + row for row in pixels(size))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        path = out / f"Kpilot{size}.png"
        path.write_bytes(png(size))
        print(path)


if __name__ == "__main__":
    main()
