#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace kpilot::cli {

ProgressBar::ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1), started_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::finish() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
    enabled_ = false;
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
    // Only once a run has taken a moment, so quick runs print nothing at all.
    if (!enabled_ || total == 0 || std::chrono::steady_clock::now() - started_ < std::chrono::milliseconds(500)) return;
    constexpr int width = 30;
    const double fraction = done >= total ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * width);
    std::fprintf(stderr, "\r[%s%s] %3d%%  %llu / %llu MB", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), static_cast<int>(fraction * 100),
                 static_cast<unsigned long long>(done >> 20), static_cast<unsigned long long>(total >> 20));
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace kpilot::cli
