#include "analysis/report/csv.h"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace govgrid::report {

CsvTable::CsvTable(std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
                   std::vector<std::size_t> lines)
    : header_(std::move(header)), rows_(std::move(rows)), lines_(std::move(lines)) {}

std::size_t CsvTable::line(std::size_t row) const { return row < lines_.size() ? lines_[row] : row + 2; }

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

std::size_t CsvTable::require_column(std::string_view name) const {
  if (const auto c = column(name)) return *c;
  throw std::runtime_error(fmt::format("no column '{}'", name));
}

const std::string& CsvTable::text(std::size_t row, std::size_t col) const {
  static const std::string kEmpty;
  const auto& r = rows_.at(row);
  return col < r.size() ? r[col] : kEmpty;
}

double CsvTable::number(std::size_t row, std::size_t col) const {
  const std::string& s = text(row, col);
  double v = std::numeric_limits<double>::quiet_NaN();
  if (s.empty()) return v;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::numeric_limits<double>::quiet_NaN();
  return v;
}

CsvTable parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;  // where each record starts
  std::size_t line = 1, record_line = 1;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;        // inside a quoted field
  bool field_started = false; // the current record has at least one field begun
  std::size_t i = 0;
  const auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
  };
  const auto end_record = [&] {
    end_field();
    records.push_back(std::move(record));
    lines.push_back(record_line);
    record.clear();
    field_started = false;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field.push_back(c);
      }
      ++i;
      continue;
    }
    field_started = true;
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      end_record();
      record_line = line;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // the "\n" that follows ends the record
    } else {
      field.push_back(c);
    }
    ++i;
  }
  if (quoted) throw std::runtime_error("unterminated quoted field at end of input");
  if (field_started) end_record();
  if (records.empty()) return {};
  std::vector<std::string> header = std::move(records.front());
  records.erase(records.begin());
  lines.erase(lines.begin());
  return CsvTable(std::move(header), std::move(records), std::move(lines));
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  std::ostringstream s;
  s << f.rdbuf();
  if (f.bad()) throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  return std::move(s).str();
}

CsvTable read_csv_file(const std::filesystem::path& path) {
  const std::string text = read_text_file(path);
  try {
    return parse_csv(text);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
  }
}

}  // namespace govgrid::report
