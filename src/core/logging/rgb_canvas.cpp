#include "core/logging/rgb_canvas.h"

#include <algorithm>
#include <cstdlib>

#include "core/logging/bitmap_font.h"

namespace hypera::core {

RgbCanvas::RgbCanvas(int width, int height, Rgb background)
    : width_(width), height_(height), rgb_(static_cast<std::size_t>(width) * height * 3) {
  fill_rect(0, 0, width, height, background);
}

void RgbCanvas::set(int x, int y, Rgb colour) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  std::copy(colour.begin(), colour.end(), rgb_.begin() + (static_cast<std::size_t>(y) * width_ + x) * 3);
}

void RgbCanvas::fill_rect(int x0, int y0, int x1, int y1, Rgb colour) {
  for (int y = std::max(y0, 0); y < std::min(y1, height_); ++y) {
    for (int x = std::max(x0, 0); x < std::min(x1, width_); ++x) set(x, y, colour);
  }
}

void RgbCanvas::stroke_rect(int x0, int y0, int x1, int y1, Rgb colour) {
  fill_rect(x0, y0, x1, y0 + 1, colour);
  fill_rect(x0, y1 - 1, x1, y1, colour);
  fill_rect(x0, y0, x0 + 1, y1, colour);
  fill_rect(x1 - 1, y0, x1, y1, colour);
}

void RgbCanvas::draw_line(int x0, int y0, int x1, int y1, Rgb colour, int thickness) {
  const int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
  const int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  const int before = (thickness - 1) / 2;
  int error = dx + dy;
  for (;;) {
    fill_rect(x0 - before, y0 - before, x0 - before + thickness, y0 - before + thickness, colour);
    if (x0 == x1 && y0 == y1) return;
    const int twice = 2 * error;
    if (twice >= dy) {
      error += dy;
      x0 += sx;
    }
    if (twice <= dx) {
      error += dx;
      y0 += sy;
    }
  }
}

void RgbCanvas::draw_text(int x, int y, const std::string& text, Rgb colour, int scale) {
  for (char c : text) {
    const GlyphRows& rows = glyph_rows(c);
    for (int r = 0; r < kGlyphHeight; ++r) {
      for (int col = 0; col < kGlyphWidth; ++col) {
        if (rows[r] & (1u << (kGlyphWidth - 1 - col))) {
          fill_rect(x + col * scale, y + r * scale, x + (col + 1) * scale, y + (r + 1) * scale, colour);
        }
      }
    }
    x += kGlyphAdvance * scale;
  }
}

int text_width(const std::string& text, int scale) {
  return text.empty() ? 0 : (static_cast<int>(text.size()) * kGlyphAdvance - 1) * scale;
}

int text_height(int scale) { return kGlyphHeight * scale; }

}  // namespace hypera::core
