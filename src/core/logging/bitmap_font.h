#pragma once
// A 5x7 pixel bitmap font for plot labels: digits, a-z, A-Z, space and . , - + _ / : ( ) % = [ ].
// Any other character is drawn as a hollow box. Thread-safe (constant data).
#include <array>
#include <cstdint>

namespace hypera::core {

constexpr int kGlyphWidth = 5;
constexpr int kGlyphHeight = 7;
constexpr int kGlyphAdvance = 6;  // glyph width plus one blank column

// Row r (0 = top) of the glyph for `c`; bit 4 is the leftmost pixel, bit 0 the rightmost.
using GlyphRows = std::array<uint8_t, kGlyphHeight>;
const GlyphRows& glyph_rows(char c);

}  // namespace hypera::core
