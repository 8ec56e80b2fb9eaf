// Observer: the case log (--case-log): one CaseRecord per measured case, written when it
// closes or, for cases still open, at the horizon.
#pragma once

#include <cmath>
#include <vector>

#include "engine/model/signals.h"
#include "engine/metrics/accumulators.h"

namespace govgrid {

class CaseLog {
 public:
  explicit CaseLog(bool enabled) : enabled_(enabled) {}

  void on(const CaseClosed& s) {
    if (enabled_ && s.c.counted) rows_.push_back(record_of(s.c, true));
  }
  void on(const CaseOpenAtEnd& s) {
    if (enabled_ && s.c.counted) rows_.push_back(record_of(s.c, false));
  }
  std::vector<CaseRecord>& rows() { return rows_; }

 private:
  static CaseRecord record_of(const Case& c, bool closed) {
    CaseRecord r;
    r.case_id = c.uid;
    r.grid = c.grid;
    r.category = c.category;
    r.channel = c.channel;
    r.level_needed = c.level_needed;
    r.level_resolved = c.level_resolved;
    r.reopenings = c.reopenings;
    r.rating = c.rating;
    r.said_resolved = c.said_resolved;
    r.grew = c.grew;
    r.joint = c.joint;
    r.repeat = c.repeat;
    r.repeat_of = c.repeat_of;
    r.arisen_h = c.arisen_h;
    r.found_h = c.found_h;
    r.accepted_h = c.accepted_h;
    r.first_response_h = c.responded ? c.first_response_h : NAN;
    // Every hand-over actually made, backlog escalations included; none that is still to come.
    for (std::size_t k = 0; k < 3; ++k) r.handover_h[k] = (c.handed_over >> k & 1u) ? c.handover_h[k] : NAN;
    r.resolved_h = c.resolved_h;
    r.feedback_h = c.feedback_h;
    r.rated_h = c.rated_h;
    r.closed_h = closed ? c.feedback_h : NAN;
    return r;
  }
  bool enabled_;
  std::vector<CaseRecord> rows_;
};

}  // namespace govgrid
