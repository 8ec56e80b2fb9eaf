// Observer: cases created and closed, counted from the signals rather than by the case flow,
// and the time-average backlog over the measured part (Little's law's L). The run checks
// created = closed + open against the case flow's own count and an audit of every queue.
#pragma once

#include <cstdint>

#include "engine/model/compiled_model.h"
#include "engine/model/signals.h"

namespace govgrid {

class CaseCensus {
 public:
  explicit CaseCensus(const CompiledModel& model) : model_(model) {}

  void on(const CaseFound& s) {
    advance(s.t);
    ++open_;
    ++created_;
  }
  void on(const CaseClosed& s) {
    advance(s.t);
    --open_;
    ++closed_;
  }
  void on(const DayEnded& s) {
    if (s.horizon) advance(s.t);
  }

  std::uint64_t created() const { return created_; }
  std::uint64_t closed() const { return closed_; }
  /// Integral of open cases over the measured part, case-hours.
  double backlog_area() const { return area_; }

 private:
  void advance(double t) {
    area_ += static_cast<double>(open_) * model_.measured(last_h_, t);
    last_h_ = t;
  }
  const CompiledModel& model_;
  std::uint64_t open_ = 0, created_ = 0, closed_ = 0;
  double area_ = 0.0, last_h_ = 0.0;
};

}  // namespace govgrid
