// See OutputWriter.h. Tests: test/plugin/out-write-if-changed.test,
// plugin-args.cpp, out-include-path-quotes.test, out-names-and-places.test,
// test/golden/golden-gen-*.test.
#include "OutputWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

namespace karmem::plugin {

std::optional<std::string> writeIfChanged(llvm::StringRef path, llvm::StringRef content) {
  if (auto existing = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                                  /*RequiresNullTerminator=*/false))
    if ((*existing)->getBuffer() == content)
      return std::nullopt;
  llvm::StringRef dir = llvm::sys::path::parent_path(path);
  if (!dir.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(dir))
      return ec.message();
  llvm::SmallString<256> temporary;
  int fd = -1;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%", fd, temporary))
    return ec.message();
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << content;
    out.close();
    if (out.has_error()) {
      std::string reason = out.error().message();
      out.clear_error();
      llvm::sys::fs::remove(temporary);
      return reason;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    return ec.message();
  }
  return std::nullopt;
}

std::string relativePath(llvm::StringRef fromDir, llvm::StringRef target) {
  using llvm::sys::path::begin;
  using llvm::sys::path::end;
  std::vector<llvm::StringRef> from(begin(fromDir), end(fromDir));
  std::vector<llvm::StringRef> to(begin(target), end(target));
  size_t common = 0;
  while (common < from.size() && common + 1 < to.size() && from[common] == to[common])
    ++common;
  std::string out;
  for (size_t i = common; i < from.size(); ++i)
    out += "../";
  for (size_t i = common; i < to.size(); ++i) {
    out += to[i].str();
    if (i + 1 < to.size())
      out += '/';
  }
  return out;
}

} // namespace karmem::plugin
