// Observer: the district's daily rows (DailyRow, accumulators.h) as one process sees them;
// the run adds the processes' rows day by day. Covers the whole run, warm-up included.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/model/signals.h"
#include "engine/metrics/accumulators.h"

namespace govgrid {

class DailySeries {
 public:
  explicit DailySeries(const CompiledModel& model)
      : days_(static_cast<std::size_t>(std::ceil(model.spec.run.days))) {}

  std::vector<DailyRow>& days() { return days_; }

  void on(const CaseFound& s) { ++day_of(s.t).arrivals; }
  void on(const CaseRated& s) {
    DailyRow& d = day_of(s.t);
    ++d.rated;
    if (s.satisfied) ++d.satisfied;
  }
  void on(const CaseClosed& s) {
    DailyRow& d = day_of(s.t);
    ++d.closures;
    if (s.c.level_resolved >= 0) ++d.resolutions;
  }
  void on(const DayEnded& s) {
    if (days_.empty()) return;
    // day_end fires at midnight: the row is the day that just ended.
    DailyRow& d = s.horizon ? days_.back() : day_of(s.t - sim::kHoursPerDay / 2);
    d.backlog = s.backlog;
    d.hidden = s.hidden;
    if (!std::isnan(s.participation)) {
      d.participation_sum = s.participation;
      d.participation_n = 1;
    }
  }

 private:
  DailyRow& day_of(double t) {
    const auto d = static_cast<std::size_t>(t / sim::kHoursPerDay);
    return days_[std::min(d, days_.size() - 1)];
  }
  std::vector<DailyRow> days_;
};

}  // namespace govgrid
