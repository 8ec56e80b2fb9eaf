// Observer: the three rates' counts per calendar month of one street, as published monthly
// rankings (接诉即办 月度排名) count them: a ticket's response in the month it came in, a
// call-back (回访) in the month it was made, a ticket still open past its deadline at the end
// in the month it came in. Only cases found after warm-up (Case::counted), like the grid
// tallies, so the months add up to the run's 响应率, 解决率 and 满意率 exactly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/metrics/accumulators.h"
#include "engine/model/case.h"
#include "engine/model/compiled_model.h"
#include "engine/model/signals.h"
#include "engine/sim/time.h"

namespace govgrid {

class MonthlyRates {
 public:
  explicit MonthlyRates(const CompiledModel& model)
      : model_(model), starts_h_(sim::month_starts_h(model.spec.run.start_month, model.spec.run.days)),
        months_(starts_h_.size()) {}

  /// By month of the run (0 = the month day 0 falls in).
  std::vector<MonthTally>& months() { return months_; }

  void on(const TicketDispatched& s) {
    if (s.c.counted) ++of(s.c.found_h).tickets;
  }
  void on(const CaseResponded& s) {
    if (s.c.counted && s.c.responded_on_time && s.c.channel >= 0 && is_ticket(s.c, model_.spec))
      ++of(s.c.found_h).contacted_on_time;
  }
  void on(const CaseRated& s) {
    if (!s.c.counted) return;
    MonthTally& m = of(s.t);
    ++m.rated;
    if (s.satisfied) ++m.satisfied;
    if (s.said_resolved) ++m.said_resolved;
  }
  void on(const CaseOpenAtEnd& s) {
    const Case& c = s.c;
    if (c.counted && is_ticket(c, model_.spec) && s.t - c.found_h > model_.spec.categories[c.category].resolution_deadline_h)
      ++of(c.found_h).open_overdue;
  }

 private:
  MonthTally& of(double t) {
    const auto after = std::upper_bound(starts_h_.begin(), starts_h_.end(), t);
    return months_[static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, after - starts_h_.begin() - 1))];
  }
  const CompiledModel& model_;
  std::vector<double> starts_h_;
  std::vector<MonthTally> months_;
};

}  // namespace govgrid
