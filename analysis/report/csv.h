// Reading the CSV tables `govgrid run` writes (analysis/outputs.h): RFC 4180 with a header row.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govgrid::report {

/// A parsed CSV file: the header row and the data rows, every field as text.
class CsvTable {
 public:
  CsvTable() = default;
  /// `lines`: the 1-based line of the file where each row starts (default: one line per row
  /// after a one-line header).
  CsvTable(std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
           std::vector<std::size_t> lines = {});

  const std::vector<std::string>& header() const { return header_; }
  std::size_t size() const { return rows_.size(); }

  /// Index of the column named `name`, or nullopt.
  std::optional<std::size_t> column(std::string_view name) const;
  /// Index of the column named `name`; throws std::runtime_error naming the column when absent.
  std::size_t require_column(std::string_view name) const;

  /// The raw text of row `row`, column `col` ("" for a short row).
  const std::string& text(std::size_t row, std::size_t col) const;
  /// The field as a number; NaN when empty or not a number (outputs write NaN as empty).
  double number(std::size_t row, std::size_t col) const;
  /// The 1-based line of the file where row `row` starts (for messages).
  std::size_t line(std::size_t row) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
};

/// Parses RFC 4180 text: fields separated by commas, quoted fields may hold commas, doubled
/// quotes and line breaks; "\n" or "\r\n" line ends; a final line end is optional. The first
/// record is the header. Empty input gives an empty table. Throws std::runtime_error on an
/// unterminated quoted field.
CsvTable parse_csv(std::string_view text);

/// Reads and parses `path`; throws std::runtime_error naming the file when it cannot be read
/// or parsed.
CsvTable read_csv_file(const std::filesystem::path& path);

/// Reads a whole file as bytes; throws std::runtime_error naming the file when it cannot.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace govgrid::report
