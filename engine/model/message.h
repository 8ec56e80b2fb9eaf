// Work between logical processes (a street and the departments): a department ticket out,
// or its completion back. Plain data; the kernel routes it by `target` and `time`.
#pragma once

#include <cstdint>

namespace govgrid {

struct Message {
  enum class Kind : std::uint8_t {
    ticket,       ///< street → departments: a department's share of a case
    ticket_done,  ///< departments → street: that share is done
  };
  double time = 0.0;          ///< when it arrives: at least platform.department_transfer_h after it was sent
  std::uint32_t target = 0;   ///< receiving process
  std::uint32_t source = 0;   ///< sending process
  std::uint32_t slot = 0;     ///< the case's slot in the source street process
  std::uint32_t serial = 0;   ///< the case's serial (guards against reuse of the slot)
  std::uint64_t uid = 0;      ///< the problem's uid, keys the ticket's random stream
  double wait_h = 0.0;        ///< ticket_done: time the ticket waited in the department queue
  std::uint16_t department = 0;
  std::uint16_t category = 0;
  std::uint8_t visit = 0;     ///< how many times this case went to departments before
  Kind kind = Kind::ticket;
};

}  // namespace govgrid
