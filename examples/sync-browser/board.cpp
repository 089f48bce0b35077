// The shared board of examples/sync-browser: one wasm32-wasi reactor that
// every tab runs. The board is a 128x128 grid of cells, one byte each (a
// colour index), in a page-aligned static region the host syncs with
// runtime/js/sync.mjs (the sync runtime is linked whole into this module).
// The page calls board_paint / board_line on a click or a drag and
// board_render to draw; it never writes the cells itself.
//
// Every tab starts from the same bytes (all cells 0), as the sync runtime
// requires: the region is zero-initialised static data of the same module.
#include <cstdint>

#define EXPORT(name) __attribute__((export_name(name)))

namespace {

constexpr uint32_t kWidth = 128;
constexpr uint32_t kHeight = 128;
constexpr uint32_t kPageSize = 8192; // the sync page: 64 rows of cells
constexpr uint32_t kColors = 16;

// The synced region: 16 KiB, two sync pages (rows 0-63 and 64-127).
alignas(kPageSize) uint8_t cells[kWidth * kHeight];
static_assert(sizeof cells % kPageSize == 0, "the region is whole sync pages");

// Not synced: what board_render draws, one RGBA pixel per cell.
uint32_t pixels[kWidth * kHeight];

// RGBA (little-endian words: 0xAABBGGRR) of each colour index; 0 is the
// empty cell.
constexpr uint32_t kPalette[kColors] = {
    0xff2b1d14, 0xffe8e8e8, 0xff3c3ce6, 0xff3d9ff5, 0xff32d7f0, 0xff4fc24f,
    0xff8a7d1f, 0xffe0a03c, 0xffb45a8c, 0xffd282e6, 0xff2d5a8c, 0xff808080,
    0xff1e8cff, 0xffb4e61e, 0xff6e46aa, 0xff000000};

bool on_board(int32_t x, int32_t y) {
  return x >= 0 && y >= 0 && uint32_t(x) < kWidth && uint32_t(y) < kHeight;
}

} // namespace

// Board errors (board_paint, board_line): 0 is success.
enum : int32_t { kOk = 0, kOffBoard = 1, kNoSuchColor = 2 };

EXPORT("board_cells") uint8_t* board_cells() { return cells; }
EXPORT("board_bytes") uint32_t board_bytes() { return sizeof cells; }
EXPORT("board_page_size") uint32_t board_page_size() { return kPageSize; }
EXPORT("board_width") uint32_t board_width() { return kWidth; }
EXPORT("board_height") uint32_t board_height() { return kHeight; }
EXPORT("board_colors") uint32_t board_colors() { return kColors; }
// The kColors RGBA words of the palette (for the page's colour buttons).
EXPORT("board_palette") const uint32_t* board_palette() { return kPalette; }

// Sets cell (x, y) to `color`. Off the board or an unknown colour: an error
// code, and nothing changes.
EXPORT("board_paint") int32_t board_paint(int32_t x, int32_t y, uint32_t color) {
  if (!on_board(x, y)) return kOffBoard;
  if (color >= kColors) return kNoSuchColor;
  cells[uint32_t(y) * kWidth + uint32_t(x)] = uint8_t(color);
  return kOk;
}

// The colour of cell (x, y), or -1 off the board.
EXPORT("board_cell") int32_t board_cell(int32_t x, int32_t y) {
  return on_board(x, y) ? cells[uint32_t(y) * kWidth + uint32_t(x)] : -1;
}

// Paints the cells of the line from (x0, y0) to (x1, y1) (a drag between two
// pointer events), both ends included. Checked whole before any cell is
// written: an end off the board or an unknown colour changes nothing.
EXPORT("board_line") int32_t board_line(int32_t x0, int32_t y0, int32_t x1, int32_t y1, uint32_t color) {
  if (!on_board(x0, y0) || !on_board(x1, y1)) return kOffBoard;
  if (color >= kColors) return kNoSuchColor;
  // Bresenham: every step moves one cell in x, in y or both.
  const int32_t dx = x1 > x0 ? x1 - x0 : x0 - x1, sx = x0 < x1 ? 1 : -1;
  const int32_t dy = y1 > y0 ? y0 - y1 : y1 - y0, sy = y0 < y1 ? 1 : -1;
  int32_t err = dx + dy;
  for (;;) {
    cells[uint32_t(y0) * kWidth + uint32_t(x0)] = uint8_t(color);
    if (x0 == x1 && y0 == y1) break;
    const int32_t e2 = 2 * err;
    if (e2 >= dy) { err += dy; x0 += sx; }
    if (e2 <= dx) { err += dx; y0 += sy; }
  }
  return kOk;
}

// Draws the board into the pixel buffer (kWidth x kHeight RGBA); returns its
// address. A cell whose byte is no colour (only a peer's bytes could hold
// one) is drawn in the last colour.
EXPORT("board_render") uint32_t* board_render() {
  for (uint32_t i = 0; i < kWidth * kHeight; ++i) {
    const uint8_t c = cells[i];
    pixels[i] = kPalette[c < kColors ? c : kColors - 1];
  }
  return pixels;
}
