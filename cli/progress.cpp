#include "progress.h"

#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace govgrid::cli {
double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string clock_text(double s) {
  if (!(s >= 0.0) || s > 359999) return "--:--";
  const auto total = static_cast<long>(s + 0.5);
  return total >= 3600 ? fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
                       : fmt::format("{:02}:{:02}", total / 60, total % 60);
}

ProgressBar::ProgressBar(std::string label, const std::atomic<std::uint64_t>& done, std::uint64_t total,
                         std::function<std::string()> detail)
    : label_(std::move(label)), done_(done), total_(total), detail_(std::move(detail)),
      terminal_(isatty(STDERR_FILENO) != 0),
      started_s_(now_s()) {
  thread_ = std::thread([this] { loop(); });
}

ProgressBar::~ProgressBar() {
  stop_ = true;
  thread_.join();
  draw(true);
}

void ProgressBar::loop() {
  while (!stop_) {
    draw(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(terminal_ ? 150 : 250));
  }
}

void ProgressBar::draw(bool final) {
  const double elapsed = now_s() - started_s_;
  const double fraction = total_ ? static_cast<double>(done_.load()) / static_cast<double>(total_) : 1.0;
  const double left = fraction > 0.0 ? elapsed * (1.0 - fraction) / fraction : -1.0;
  const std::string detail = detail_ ? "  " + detail_() : std::string();
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    fmt::print(stderr, "\r{} [{}] {:5.1f}%  elapsed {}  left {}{}{}", label_, bar, 100.0 * fraction,
               clock_text(elapsed), final ? "00:00" : clock_text(left), detail, final ? "\n" : "   ");
  } else if (final || elapsed - last_plain_s_ >= 5.0) {
    last_plain_s_ = elapsed;
    fmt::print(stderr, "{}: {:.0f}% after {}{}{}\n", label_, 100.0 * fraction, clock_text(elapsed),
               final ? " (done)" : fmt::format(", about {} left", clock_text(left)), detail);
  }
  std::fflush(stderr);
}

}  // namespace govgrid::cli
