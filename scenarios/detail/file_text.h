// Internal: reading a scenario or sweep file, or a file one of them names (`extends:`,
// `base:`), without trusting the path: only regular files, at most kMaxFileBytes, and never
// more read than that whatever the file claims (/dev/zero, /dev/urandom and /proc files used
// to be read whole before anything was checked).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace govgrid::detail {

/// The largest scenario or sweep file read (the shipped ones are under 30 KB).
inline constexpr std::uintmax_t kMaxFileBytes = 16u * 1024u * 1024u;

struct FileText {
  enum class Problem : std::uint8_t { none, missing, directory, not_regular, too_large, unreadable };
  Problem problem = Problem::none;
  std::string text;
  /// Words that complete "expected a … file, got …": "no file", "a directory", "a character
  /// device (not a regular file)", "a file of 2.15 GB (more than 16 MB)", "a read error".
  std::string what;
  bool ok() const { return problem == Problem::none; }
};

FileText read_file_text(const std::filesystem::path& path);

}  // namespace govgrid::detail
