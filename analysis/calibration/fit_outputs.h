// What `govgrid calibrate` writes: the calibrated scenario (extends the base, sets only fitted
// keys, each with a comment saying what it was fitted to), fit.json (every figure of the fit)
// and fit.html / fit.zh.html (the same, drawn in the report's style).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/calibration/calibrate.h"

namespace govgrid::calibration {

/// What the outputs say about where the inputs came from.
struct FitProvenance {
  std::string log_file, map_file, base_file;
  std::string train_until;  ///< as given, empty when nothing is held out
  std::string version;      ///< govgrid version and commit
};

/// calibrated.yaml: `extends:` the base (a path relative to the file's folder), then `set:`.
std::string calibrated_yaml(const CalibrationResult& result, const CaseLog& log, const FitProvenance& provenance,
                            const std::filesystem::path& out_dir);

nlohmann::json fit_json(const CalibrationResult& result, const CaseLog& log, const FitProvenance& provenance);

/// The fit page in `lang` ("en" or "zh") from fit_json's object.
std::string fit_page(const nlohmann::json& fit, const std::string& lang);

/// The rows of `log` that were not used, as CSV (line, column, reason).
std::string skipped_rows_csv(const CaseLog& log);

}  // namespace govgrid::calibration
