#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/logging/bitmap_font.h"
#include "core/logging/rgb_canvas.h"

namespace hypera::core {
namespace {

constexpr Rgb kWhite = {255, 255, 255}, kRed = {200, 0, 0};

int count(const RgbCanvas& c, Rgb colour) {
  int n = 0;
  for (std::size_t i = 0; i < c.rgb().size(); i += 3) {
    n += c.rgb()[i] == colour[0] && c.rgb()[i + 1] == colour[1] && c.rgb()[i + 2] == colour[2];
  }
  return n;
}

bool is(const RgbCanvas& c, int x, int y, Rgb colour) {
  const std::size_t i = (static_cast<std::size_t>(y) * c.width() + x) * 3;
  return c.rgb()[i] == colour[0] && c.rgb()[i + 1] == colour[1] && c.rgb()[i + 2] == colour[2];
}

TEST(BitmapFont, EverySupportedCharacterHasItsOwnGlyph) {
  const std::string supported = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,-+_/:()%=[]";
  const GlyphRows& unknown = glyph_rows('\x01');
  std::set<GlyphRows> seen;
  for (char c : supported) {
    EXPECT_NE(glyph_rows(c), unknown) << "'" << c << "' falls back to the box";
    EXPECT_TRUE(seen.insert(glyph_rows(c)).second) << "'" << c << "' shares its glyph";
  }
  EXPECT_EQ(glyph_rows('~'), unknown);
}

TEST(RgbCanvas, LineCoversBothEndpointsWithOnePixelPerMajorStep) {
  RgbCanvas canvas(20, 12, kWhite);
  canvas.draw_line(2, 3, 15, 8, kRed, 1);
  EXPECT_TRUE(is(canvas, 2, 3, kRed));
  EXPECT_TRUE(is(canvas, 15, 8, kRed));
  EXPECT_EQ(count(canvas, kRed), 14);
  canvas.draw_line(-5, 0, 30, 0, kRed, 1);  // clipped, not a crash
  EXPECT_EQ(count(canvas, kRed), 14 + 20);
}

TEST(RgbCanvas, TextUsesTheGlyphPixelsScaled) {
  RgbCanvas canvas(40, 20, kWhite);
  canvas.draw_text(1, 1, "1-", kRed, 2);
  int glyph_pixels = 0;
  for (char c : std::string("1-")) {
    for (uint8_t row : glyph_rows(c)) glyph_pixels += __builtin_popcount(row);
  }
  EXPECT_EQ(count(canvas, kRed), 4 * glyph_pixels);
  EXPECT_EQ(text_width("1-", 2), 22);
  EXPECT_EQ(text_height(2), 14);
}

}  // namespace
}  // namespace hypera::core
