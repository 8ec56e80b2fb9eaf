// The model's event kinds: what a street or a department's process schedules on its queue.
// The kernel (engine/sim) sees only the number; the processes dispatch on it with a switch.
#pragma once

#include <cstdint>

namespace govgrid {

enum class EventKind : std::uint8_t {
  day_end,          ///< records the daily row (first at its instant: priority 0)
  problem_arises,   ///< next problem of the street's superposed arrival stream
  resident_report,  ///< a = case slot, b = case serial
  case_arrives,     ///< the case reaches the station of its current level; a = slot, b = serial
  feedback,         ///< the resident is told the outcome; a = slot, b = serial
  shift_start,      ///< a = local station (the shift's end needs no event: Station::on_duty(t))
  pushed_down_task, ///< a pushed-down task reaches a grid-worker station; a = local station
  job_done,         ///< a = local station, b = its running slot (Stations: first_running + server)
  ticket_arrives,   ///< departments: a = ticket slot
  ticket_done,      ///< street: a department finished its part; a = its held message
  fix_done,         ///< a fix is in place (a helper's, or a handler's after its lead time); a = slot, b = serial
  ticket_bounced,   ///< street: a department objected to a transfer and it came back; a = slot, b = serial
  desk_contact,     ///< street: the duty desk reached the requester (响应); a = slot, b = serial
  member_notice,    ///< street: a party member linked to the household hears of a hidden problem; a = slot, b = serial
};

/// Priority of day_end: it records the state at its instant before anything else happens then.
inline constexpr std::uint8_t kDayEndPriority = 0;

}  // namespace govgrid
