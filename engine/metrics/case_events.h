// Observer: one row per case event (CaseEventRecord), the shape in which city case logs
// (12345 work orders, Open311/SF311) come, for calibration and rule-level tests. Only
// measured cases (found after warm-up), only with --case-log.
#pragma once

#include <vector>

#include "engine/model/signals.h"
#include "engine/metrics/accumulators.h"

namespace govgrid {

class CaseEvents {
 public:
  explicit CaseEvents(bool enabled) : enabled_(enabled) {}
  std::vector<CaseEventRecord>& rows() { return rows_; }

  void on(const CaseFound& s) {
    add(s.c, s.t, s.by_patrol  ? CaseEvent::found_on_patrol
             : s.by_visit ? CaseEvent::found_on_visit
             : s.by_member  ? CaseEvent::found_by_member
                          : CaseEvent::reported, 0);
  }
  void on(const CaseAccepted& s) { add(s.c, s.t, CaseEvent::accepted, s.c.level_now); }
  void on(const CaseResponded& s) { add(s.c, s.t, CaseEvent::responded, s.c.level_now); }
  void on(const CaseEscalated& s) {
    add(s.c, s.t, s.for_backlog ? CaseEvent::escalated_for_backlog : CaseEvent::escalated, s.c.level_now + 1);
  }
  void on(const TicketSent& s) { add(s.c, s.t, CaseEvent::ticket_sent, s.c.level_now, s.department); }
  void on(const TicketDone& s) { add(s.c, s.t, CaseEvent::ticket_done, s.c.level_now); }
  void on(const TicketBounced& s) { add(s.c, s.t, CaseEvent::ticket_bounced, s.c.level_now); }
  void on(const CaseResolved& s) { add(s.c, s.t, CaseEvent::resolved, s.c.level_resolved); }
  void on(const CaseRated& s) {
    add(s.c, s.t, s.satisfied ? CaseEvent::rated_satisfied : CaseEvent::rated_unsatisfied, s.c.level_now);
  }
  void on(const CaseReopened& s) { add(s.c, s.t, CaseEvent::reopened, s.c.level_now); }
  void on(const CaseClosed& s) { add(s.c, s.t, CaseEvent::closed, s.c.level_resolved); }
  void on(const DuplicateReport& s) { add(s.c, s.t, CaseEvent::duplicate_report, s.c.level_now); }
  void on(const TicketDispatched& s) {
    add(s.c, s.t, s.misdispatched ? CaseEvent::misdispatched : CaseEvent::dispatched, s.level);
  }

 private:
  void add(const Case& c, double t, CaseEvent e, int level, int department = -1) {
    if (enabled_ && c.counted)
      rows_.push_back({c.uid, t, e, static_cast<std::int8_t>(level), static_cast<std::int32_t>(department)});
  }
  bool enabled_;
  std::vector<CaseEventRecord> rows_;
};

}  // namespace govgrid
