// Loads the board module (board.cpp, a wasm32-wasi reactor) in a page and
// wraps its exports. The module imports three WASI calls (fd_write, fd_seek,
// fd_close: libc's stdio, used only to report an abort); the page answers
// fd_write on stdout/stderr with console lines and the others with EBADF.

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;

/** Why board_paint / board_line refused (board.cpp's error codes). */
export const BOARD_ERRORS = Object.freeze({ 1: 'off the board', 2: 'no such colour' });

function wasiImports(memory) {
  const decoder = new TextDecoder();
  let line = '';
  return {
    fd_write(fd, iovs, count, written) {
      if (fd !== 1 && fd !== 2) return ERRNO_BADF;
      const view = new DataView(memory().buffer);
      let total = 0;
      for (let i = 0; i < count; i++) {
        const ptr = view.getUint32(iovs + 8 * i, true), len = view.getUint32(iovs + 8 * i + 4, true);
        line += decoder.decode(new Uint8Array(memory().buffer, ptr, len), { stream: true });
        total += len;
      }
      const lines = line.split('\n');
      line = lines.pop();
      for (const l of lines) console.error(`[board.wasm] ${l}`);
      view.setUint32(written, total, true);
      return ERRNO_SUCCESS;
    },
    fd_seek: () => ERRNO_BADF,
    fd_close: () => ERRNO_BADF,
  };
}

/**
 * @param {string | URL} url of sync-board.wasm
 * @returns {Promise<Board>}
 */
export async function loadBoard(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} (build the sync-board target)`);
  let instance = null;
  const imports = { wasi_snapshot_preview1: wasiImports(() => instance.exports.memory) };
  ({ instance } = await WebAssembly.instantiateStreaming(response, imports));
  instance.exports._initialize();
  return new Board(instance);
}

export class Board {
  /** @param {WebAssembly.Instance} instance */
  constructor(instance) {
    const e = instance.exports;
    this.instance = instance;
    this.width = e.board_width();
    this.height = e.board_height();
    this.colors = e.board_colors();
    this.pageSize = e.board_page_size();
    /** The synced region, for createDistributor({ base, size }). */
    this.region = { base: e.board_cells() >>> 0, size: e.board_bytes() };
    this._e = e;
  }

  /** Sets one cell; throws on a cell off the board or an unknown colour (nothing changes). */
  paint(x, y, color) {
    this._check(this._e.board_paint(x, y, color), `paint(${x}, ${y}, ${color})`);
  }

  /** Paints a line of cells, ends included (a drag). */
  line(x0, y0, x1, y1, color) {
    this._check(this._e.board_line(x0, y0, x1, y1, color), `line(${x0}, ${y0}, ${x1}, ${y1}, ${color})`);
  }

  /** The colour of a cell, or -1 off the board. */
  cell(x, y) {
    return this._e.board_cell(x, y);
  }

  /** The board drawn as RGBA pixels (one per cell), for an ImageData. */
  render() {
    const ptr = this._e.board_render() >>> 0;
    return new Uint8ClampedArray(this._e.memory.buffer, ptr, this.width * this.height * 4);
  }

  _check(code, what) {
    if (code !== 0) throw new RangeError(`board ${what}: ${BOARD_ERRORS[code] ?? `error ${code}`}`);
  }
}
