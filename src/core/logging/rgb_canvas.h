#pragma once
// An RGB8 raster for drawing plots: pixels, filled rectangles, thick straight lines and 5x7 bitmap text.
// Pixel (x, y) has x to the right and y downwards from the top-left corner; the buffer is row-major, three
// bytes per pixel (r, g, b), the layout write_png_rgb8 takes. Drawing outside the canvas is clipped.
// Thread safety: none for one canvas. Costs are O(pixels touched).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hypera::core {

using Rgb = std::array<uint8_t, 3>;

class RgbCanvas {
 public:
  RgbCanvas(int width, int height, Rgb background);

  int width() const { return width_; }
  int height() const { return height_; }
  const std::vector<uint8_t>& rgb() const { return rgb_; }

  void set(int x, int y, Rgb colour);
  // Every pixel with x0 <= x < x1 and y0 <= y < y1.
  void fill_rect(int x0, int y0, int x1, int y1, Rgb colour);
  // Outline of the same rectangle, one pixel wide.
  void stroke_rect(int x0, int y0, int x1, int y1, Rgb colour);
  // Bresenham line from (x0, y0) to (x1, y1), each step stamped with a thickness x thickness square.
  void draw_line(int x0, int y0, int x1, int y1, Rgb colour, int thickness);
  // Text with its top-left corner at (x, y), each font pixel drawn as a scale x scale square.
  void draw_text(int x, int y, const std::string& text, Rgb colour, int scale);

 private:
  int width_, height_;
  std::vector<uint8_t> rgb_;
};

// Width and height in pixels of `text` drawn at `scale` (no trailing blank column).
int text_width(const std::string& text, int scale);
int text_height(int scale);

}  // namespace hypera::core
