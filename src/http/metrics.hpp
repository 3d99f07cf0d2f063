#pragma once
// Prometheus metrics: request counts by route and status class and latency histograms by route, plus
// gauges read at scrape time (database pool usage). Lock-free on the request path: one atomic array per route.
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace jz::http {

class Metrics final {
 public:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  // `labels` are the route patterns ("GET /api/v1/divisions"); index routes.size() is "unmatched".
  explicit Metrics(std::vector<std::string> labels);
  void observe(size_t route_index, int status, double seconds);
  // Adds gauges computed at scrape time.
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  // Adds a counter read at scrape time (a value that only grows); its name must end in "_total", as
  // Prometheus's conventions and `promtool check metrics` want (throws otherwise).
  void add_counter(std::string name, std::string help, std::function<double()> read);
  std::string render() const;
  size_t unmatched_index() const { return labels_.size() - 1; }

 private:
  struct Series {
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> sum_us{0};
  };
  std::vector<std::string> labels_;
  std::unique_ptr<Series[]> series_;
  struct Gauge {
    std::string name, help, type;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;  // set up before serving, read-only afterwards
};

}  // namespace jz::http
