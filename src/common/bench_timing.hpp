#pragma once
// Wall-clock timing for the disabled benchmark tests (`*Bench.DISABLED_*`, run by the bench/*.sh scripts): they
// print figures and never assert on time.
#include <algorithm>
#include <chrono>
#include <vector>

namespace jz::bench {

inline double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The median of `runs` timings of `f`, in seconds.
template <class F>
double median_seconds(int runs, F&& f) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto t = std::chrono::steady_clock::now();
    f();
    times.push_back(seconds_since(t));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace jz::bench
