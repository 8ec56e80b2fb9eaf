#include "scenarios/detail/file_text.h"

#include <fstream>

#include <fmt/format.h>

namespace govgrid::detail {

namespace {

std::string megabytes(std::uintmax_t bytes) {
  return fmt::format("{:.3g} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

FileText fail(FileText::Problem problem, std::string what) {
  FileText out;
  out.problem = problem;
  out.what = std::move(what);
  return out;
}

}  // namespace

FileText read_file_text(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);  // follows symbolic links
  if (ec || !fs::exists(status)) return fail(FileText::Problem::missing, "no file");
  switch (status.type()) {
    case fs::file_type::regular: break;
    case fs::file_type::directory: return fail(FileText::Problem::directory, "a directory");
    case fs::file_type::character: return fail(FileText::Problem::not_regular, "a character device (not a regular file)");
    case fs::file_type::block: return fail(FileText::Problem::not_regular, "a block device (not a regular file)");
    case fs::file_type::fifo: return fail(FileText::Problem::not_regular, "a pipe (not a regular file)");
    case fs::file_type::socket: return fail(FileText::Problem::not_regular, "a socket (not a regular file)");
    default: return fail(FileText::Problem::not_regular, "something that is not a regular file");
  }
  const auto too_large = [](std::uintmax_t size, bool at_least) {
    return fail(FileText::Problem::too_large, fmt::format("a file of {}{} (more than {})", at_least ? "over " : "",
                                                          megabytes(size), megabytes(kMaxFileBytes)));
  };
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) return too_large(size, false);
  // Read at most one byte more than allowed: /proc files report a size of 0.
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(FileText::Problem::unreadable, "a file that cannot be opened for reading");
  FileText out;
  if (!ec) out.text.reserve(static_cast<std::size_t>(size));
  char chunk[65536];
  while (in) {
    in.read(chunk, sizeof chunk);
    out.text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (out.text.size() > kMaxFileBytes) return too_large(kMaxFileBytes, true);
  }
  if (in.bad()) return fail(FileText::Problem::unreadable, "a read error");
  return out;
}

}  // namespace govgrid::detail
