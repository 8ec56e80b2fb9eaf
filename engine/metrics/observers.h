// The observers of one process: the fixed list that the model's signals reach (signals.h).
// Adding a metric is an observer here and its result in ReplicationResult; the model does
// not change.
#pragma once

#include <cstdint>

#include "engine/metrics/case_census.h"
#include "engine/metrics/case_events.h"
#include "engine/metrics/case_log.h"
#include "engine/metrics/daily_series.h"
#include "engine/metrics/grid_tallies.h"
#include "engine/metrics/monthly_rates.h"
#include "engine/metrics/station_load.h"
#include "engine/model/compiled_model.h"

namespace govgrid {

class Observers {
 public:
  /// The observers of a process holding world grids [first_grid, +grid_count) and world
  /// stations [first_station, last_station).
  Observers(const CompiledModel& model, std::uint32_t first_grid, std::uint32_t grid_count, std::uint32_t first_station,
            std::uint32_t last_station, bool case_log)
      : tallies(model, first_grid, grid_count),
        daily(model),
        monthly(model),
        census(model),
        stations(model, first_station, last_station),
        cases(case_log),
        events(case_log) {}

  template <class Signal>
  void on_signal(const Signal& s) {
    notify_each(s, tallies, daily, monthly, census, stations, cases, events);
  }

  GridTallies tallies;
  DailySeries daily;
  MonthlyRates monthly;
  CaseCensus census;
  StationLoad stations;
  CaseLog cases;
  CaseEvents events;
};

/// Staff cost over the measured period into each grid's tally: its workers, a share of its
/// community office and street centre, a share of the departments by residents, and the
/// paid help that came with pushed-down tasks (费随事转).
void add_staff_cost(const CompiledModel& model, std::vector<GridTally>& tallies, std::uint32_t first_grid);

}  // namespace govgrid
