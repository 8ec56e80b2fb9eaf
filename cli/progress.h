// A progress bar for long work, drawn on stderr from a thread of its own.
// On a terminal: a redrawn bar with percentage, rate and time left. Otherwise (CI logs,
// pipes): a plain line every few seconds, so logs stay readable.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace govgrid::cli {

/// Seconds on the steady clock, for rates and time left.
double now_s();
/// `mm:ss` or `h:mm:ss`; `--:--` when unknown (negative, NaN) or beyond 99 hours.
std::string clock_text(double seconds);

class ProgressBar {
 public:
  /// Starts reporting `done` out of `total` units; `what` names the units ("windows").
  /// `detail`, when given, is appended to every redraw (e.g. "best loss 0.012"); it is called
  /// from the bar's thread, so it must be safe to call concurrently with the work.
  ProgressBar(std::string label, const std::atomic<std::uint64_t>& done, std::uint64_t total,
              std::function<std::string()> detail = {});
  ~ProgressBar();  ///< stops and finishes the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

 private:
  void loop();
  void draw(bool final);

  std::string label_;
  const std::atomic<std::uint64_t>& done_;
  std::uint64_t total_;
  std::function<std::string()> detail_;
  bool terminal_;
  std::atomic<bool> stop_{false};
  double started_s_;
  double last_plain_s_ = 0.0;
  std::thread thread_;
};

}  // namespace govgrid::cli
